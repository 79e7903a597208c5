"""`manage.py seed_demo`, complaints part: every category and every status of the workflow, and a
second run that changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from complaints.choices import Category, Status
from complaints.models import Complaint, ComplaintEvent, Referral

pytestmark = pytest.mark.django_db


def seed_demo() -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "complaints": sorted(
            Complaint.objects.values_list("ticket", "status", "version", "access_code_hash")
        ),
        "events": ComplaintEvent.objects.count(),
        "referrals": Referral.objects.count(),
    }


def test_seed_demo_creates_complaints_of_every_category_and_every_status_and_is_idempotent():
    output = seed_demo()

    assert "demo complaints:" in output
    assert set(Complaint.objects.values_list("category", flat=True)) == set(Category.values)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert Referral.objects.filter(complaint__status=Status.REFERRED).exists()
    assert not Complaint.objects.filter(status=Status.REJECTED, rejection_reason="").exists()
    assert not Complaint.objects.filter(status=Status.RESOLVED, outcome="").exists()
    # Every complaint tells its story from the start, and every status change is on its timeline.
    for complaint in Complaint.objects.all():
        events = complaint.events.order_by("at", "id")
        assert events.first().kind == "CREATED"
        last_status = events.filter(kind="STATUS").last()
        assert (last_status.status_to if last_status else Status.RECEIVED) == complaint.status
    before = snapshot()

    again = seed_demo()

    assert "already present" in again
    assert snapshot() == before
