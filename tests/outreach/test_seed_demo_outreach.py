"""`manage.py seed_demo`, outreach part: events across Lampung Timur over the last 18 months with many
districts left without a recent one, a few in Jawa Timur, and a second run that changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from outreach.models import OutreachEvent, OutreachStatus
from regions.models import District

pytestmark = pytest.mark.django_db


def seed_demo() -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return sorted(
        OutreachEvent.objects.values_list(
            "village_id", "event_date", "topic", "organiser", "participants_male", "participants_female",
            "prospective_workers", "office__code", "recorded_by__username",
        )
    )  # fmt: skip


def test_seed_demo_creates_outreach_in_lampung_timur_and_jawa_timur_and_is_idempotent():
    output = seed_demo()

    assert "demo outreach: 28 events created" in output
    held = OutreachEvent.objects.filter(status=OutreachStatus.HELD)
    lampung_timur = held.filter(village__code__startswith="18.07.")
    assert lampung_timur.count() == 25
    assert held.filter(village__code__startswith="35.").count() == 3
    assert held.count() == 28
    # and the session the demo village desk asks for, waiting for an officer
    requested = OutreachEvent.objects.filter(status=OutreachStatus.REQUESTED)
    assert list(requested.values_list("village_id", flat=True)) == ["18.07.01.2001"]
    today = timezone.localdate()
    dates = set(held.values_list("event_date", flat=True))
    assert max(dates) <= today and min(dates) >= today - datetime.timedelta(days=550)
    assert len(set(lampung_timur.values_list("topic", flat=True))) >= 4
    assert len(set(lampung_timur.values_list("organiser", flat=True))) >= 3
    assert len(set(lampung_timur.values_list("village_id", flat=True))) >= 15
    # The dashboards rank places needing outreach: many districts have had none in the last year.
    year_ago = today - datetime.timedelta(days=365)
    visited = {
        code[:8]
        for code in lampung_timur.filter(event_date__gte=year_ago).values_list("village_id", flat=True)
    }
    districts = set(District.objects.filter(code__startswith="18.07.").values_list("code", flat=True))
    assert len(districts - visited) >= len(districts) // 2
    assert set(held.values_list("office__code", flat=True)) == {
        "bp3mi-lampung", "bp3mi-jawa-timur"
    }  # fmt: skip
    before = snapshot()

    again = seed_demo()

    assert "demo outreach: already present" in again
    assert snapshot() == before
