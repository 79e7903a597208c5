"""Complaint actions named as actions (issue 15, item 3): buttons say what they do, each form asks only what
its action needs, "overdue" is computed when read (no hourly job needed), and a referral changes only
through a service that writes a timeline event and bumps the complaint's version."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from complaints.choices import EventKind, ReferralStatus, ReferralTarget, Status
from complaints.models import Complaint, ComplaintEvent, Referral
from complaints.selectors import complaints_overdue
from complaints.services import complaint_refer, referral_update
from portal.errors import ApplicationError
from tests.complaints.builders import make_complaint, make_complaint_in, make_supervisor
from tests.workers.pages import text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/complaints/complaint/"
API_URL = "/api/v1/complaints/"


def change_url(complaint) -> str:
    return f"{LIST_URL}{complaint.pk}/change/"


def act_url(complaint, action: str) -> str:
    return f"{LIST_URL}{complaint.pk}/act/{action}/"


def action_labels(response) -> dict[str, str]:
    found = re.findall(r'class="complaint-action-([a-z_]+)">([^<]*)</a>', response.content.decode())
    return {action: html.unescape(label).strip() for action, label in found}


def form_fields(response) -> set[str]:
    """The fields the officer fills in (hidden inputs are not asked of her)."""
    form = response.context["form"]
    return {name for name, field in form.fields.items() if not field.widget.is_hidden}


@pytest.fixture
def lampung(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


# --- Names and forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (Status.RECEIVED, {"verified": "Verifikasi", "rejected": "Tolak"}),
        (Status.IN_PROGRESS, {"refer": "Rujuk ke …", "resolved": "Selesaikan"}),
        (Status.RESOLVED, {"closed": "Tutup", "in_progress": "Buka kembali"}),
    ],
)
def test_the_buttons_are_named_after_the_action(lampung, officer_lampung, status, labels):
    complaint = make_complaint_in(status, actor=officer_lampung)

    found = action_labels(lampung.get(change_url(complaint)))

    assert {action: found.get(action) for action in labels} == labels


@pytest.mark.parametrize(
    ("status", "action", "fields"),
    [
        (Status.RECEIVED, "verified", {"public_note", "internal_note"}),
        (Status.RECEIVED, "rejected", {"reason", "internal_note"}),
        (Status.IN_PROGRESS, "resolved", {"outcome", "wages_recovered_idr", "public_note", "internal_note"}),
        (Status.RESOLVED, "closed", {"public_note", "internal_note"}),
        (Status.IN_PROGRESS, "refer", {"target", "target_name", "note"}),
    ],
)
def test_each_action_form_asks_only_what_it_needs(lampung, officer_lampung, status, action, fields):
    complaint = make_complaint_in(status, actor=officer_lampung)

    response = lampung.get(act_url(complaint, action))

    assert response.status_code == 200
    assert form_fields(response) == fields


def test_the_verify_page_is_titled_with_the_action(lampung):
    response = lampung.get(act_url(make_complaint(), "verified"))

    assert "Verifikasi" in text(response)
    assert "Alasan" not in text(response) and "Hasil" not in text(response)


# --- Overdue, computed when read ----------------------------------------------------------------------


@pytest.fixture
def late(officer_lampung):
    """Five weeks past due and still open; the hourly SLA job never ran (overdue_since is empty)."""
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer_lampung)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=timezone.now() - datetime.timedelta(weeks=5))
    return complaint


def test_a_complaint_past_due_is_overdue_without_the_sla_job(late, officer_lampung):
    on_time = make_complaint()
    done = make_complaint_in(Status.CLOSED, actor=officer_lampung)
    Complaint.objects.filter(pk=done.pk).update(due_at=timezone.now() - datetime.timedelta(weeks=5))

    assert Complaint.objects.get(pk=late.pk).overdue_since is None
    assert list(complaints_overdue(Complaint.objects.all()).values_list("pk", flat=True)) == [late.pk]
    assert on_time.pk not in complaints_overdue(Complaint.objects.all()).values_list("pk", flat=True)


def test_the_change_page_marks_an_overdue_complaint(lampung, late):
    response = lampung.get(change_url(late))

    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r'field-overdue">.*?(icon-yes|alt="True")', content, re.S)


def test_the_list_marks_the_overdue_complaint(lampung, late):
    on_time = make_complaint()

    response = lampung.get(LIST_URL, {"queue": "overdue"})

    assert [c.pk for c in response.context["cl"].result_list] == [late.pk]
    assert on_time.ticket not in response.content.decode()
    assert 'class="field-overdue"><img src="/static/admin/img/icon-yes.svg"' in response.content.decode()


def test_the_staff_api_says_a_complaint_is_overdue(client, officer_lampung, late):
    on_time = make_complaint()
    client.force_login(officer_lampung)

    rows = {row["ticket"]: row for row in client.get(API_URL).json()["results"]}

    assert (rows[late.ticket]["overdue"], rows[on_time.ticket]["overdue"]) == (True, False)


# --- Referrals change only through the service ---------------------------------------------------------


@pytest.fixture
def referred(officer_lampung):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer_lampung)
    referral = complaint_refer(
        complaint=complaint, actor=officer_lampung, expected_version=complaint.version,
        target=ReferralTarget.EMBASSY, target_name="KDEI Taipei",
    )  # fmt: skip
    return referral


def test_updating_a_referral_writes_an_event_and_bumps_the_version(referred, officer_lampung):
    before = Complaint.objects.get(pk=referred.complaint_id)

    referral_update(
        referral=referred, actor=officer_lampung, expected_version=before.version,
        status=ReferralStatus.ACKNOWLEDGED, note="Diterima KDEI 3 Juni.",
    )  # fmt: skip

    stored = Referral.objects.get(pk=referred.pk)
    assert (stored.status, stored.note) == ("ACKNOWLEDGED", "Diterima KDEI 3 Juni.")
    assert Complaint.objects.get(pk=referred.complaint_id).version == before.version + 1
    event = ComplaintEvent.objects.filter(complaint_id=referred.complaint_id, kind=EventKind.REFERRAL).latest(
        "id"
    )
    assert "Diterima" in event.text and event.actor == officer_lampung and event.public is False


def test_a_stale_referral_update_is_a_conflict_and_changes_nothing(referred, officer_lampung):
    with pytest.raises(ApplicationError) as error:
        referral_update(referral=referred, actor=officer_lampung, expected_version=1, status="DONE", note="")

    assert error.value.code == "conflict"
    assert Referral.objects.get(pk=referred.pk).status == "SENT"


def test_the_referral_inline_is_read_only(lampung, referred):
    complaint = Complaint.objects.get(pk=referred.complaint_id)
    page = lampung.get(change_url(complaint))
    assert 'name="referrals-0-status"' not in page.content.decode()
    events_before = ComplaintEvent.objects.filter(complaint=complaint).count()

    lampung.post(
        change_url(complaint),
        {
            "referrals-TOTAL_FORMS": "1", "referrals-INITIAL_FORMS": "1", "referrals-MIN_NUM_FORMS": "0",
            "referrals-MAX_NUM_FORMS": "1000", "referrals-0-id": str(referred.pk),
            "referrals-0-complaint": str(complaint.pk), "referrals-0-status": "DONE",
            "referrals-0-note": "diubah diam-diam",
        },
    )  # fmt: skip

    assert (Referral.objects.get(pk=referred.pk).status, Referral.objects.get(pk=referred.pk).note) == (
        "SENT",
        "",
    )
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events_before


def test_an_officer_updates_a_referral_from_the_complaint_page(lampung, referred):
    complaint = Complaint.objects.get(pk=referred.complaint_id)
    url = f"{LIST_URL}{complaint.pk}/referral/{referred.pk}/"
    assert url in lampung.get(change_url(complaint)).content.decode()

    response = lampung.post(url, {"version": complaint.version, "status": "DONE", "note": "Selesai."})

    assert (response.status_code, response.url) == (302, change_url(complaint))
    assert Referral.objects.get(pk=referred.pk).status == "DONE"
    assert Complaint.objects.get(pk=complaint.pk).version == complaint.version + 1


def test_a_referral_of_another_office_is_a_404(client, office_jatim, referred):
    client.force_login(make_supervisor(office_jatim, username="supervisor.jatim", email="s@jatim.test"))
    complaint = Complaint.objects.get(pk=referred.complaint_id)

    response = client.post(
        f"{LIST_URL}{complaint.pk}/referral/{referred.pk}/", {"version": complaint.version, "status": "DONE"}
    )

    assert response.status_code == 404
    assert Referral.objects.get(pk=referred.pk).status == "SENT"
