"""The officers' complaint queue in the admin and the staff API: rows scoped by `visible_to`, queues,
the action buttons, conflicts, logged reads, and a query count that does not grow with the table."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessAction, AccessLog
from complaints.choices import Status
from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_assign, complaint_note
from tests.complaints.builders import (
    SURABAYA_VILLAGE,
    make_complaint,
    make_complaint_in,
    make_complaints_in_bulk,
    make_officer,
    make_supervisor,
)
from tests.workers.pages import text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/complaints/complaint/"
API_URL = "/api/v1/complaints/"
TICKETS = re.compile(r"ADU-[A-Z2-9]{5}-[A-Z2-9]{5}")
CONFLICT = "Petugas lain baru saja mengubah pengaduan ini."


def change_url(complaint) -> str:
    return f"{LIST_URL}{complaint.pk}/change/"


def act_url(complaint, action: str) -> str:
    return f"{LIST_URL}{complaint.pk}/act/{action}/"


def listed(response) -> set[str]:
    return set(TICKETS.findall(response.content.decode()))


def action_buttons(response) -> set[str]:
    return set(re.findall(r'class="complaint-action-([a-z_]+)"', response.content.decode()))


def action_labels(response) -> dict[str, str]:
    """{action: the text of its button}, read from the action buttons alone."""
    found = re.findall(r'class="complaint-action-([a-z_]+)">([^<]*)</a>', response.content.decode())
    return {action: html.unescape(label).strip() for action, label in found}


@pytest.fixture
def lampung(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


@pytest.fixture
def cases(settings, office_lampung, office_jatim):
    """One complaint each: a Lampung village, no village received in Lampung, Surabaya, no village in Jatim."""
    settings.COMPLAINT_INTAKE_OFFICE = office_lampung.code
    village = make_complaint()
    no_village_here = make_complaint(village_code=None)
    settings.COMPLAINT_INTAKE_OFFICE = office_jatim.code
    surabaya = make_complaint(village_code=SURABAYA_VILLAGE)
    no_village_there = make_complaint(village_code=None)
    assert (no_village_here.office, no_village_there.office) == (office_lampung, office_jatim)
    return {"village": village, "no_village_here": no_village_here, "surabaya": surabaya,
            "no_village_there": no_village_there}  # fmt: skip


# --- Scope ---------------------------------------------------------------------------------------------


def test_an_officer_lists_complaints_of_her_villages_and_those_without_a_village_her_office_received(
    lampung, cases
):
    response = lampung.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == {cases["village"].ticket, cases["no_village_here"].ticket}


def test_the_staff_api_lists_the_same_complaints_for_the_officer(lampung, cases):
    response = lampung.get(API_URL)

    assert response.status_code == 200
    assert {row["ticket"] for row in response.json()["results"]} == {
        cases["village"].ticket, cases["no_village_here"].ticket
    }  # fmt: skip


def test_the_staff_api_leaves_out_the_reporters_identity(lampung, cases):
    response = lampung.get(API_URL)

    body = response.content.decode()
    assert cases["village"].ticket in body
    assert "Sulastri" not in body
    assert "081311112222" not in body


def test_an_officer_of_another_province_neither_lists_nor_opens_them(client, officer_jatim, cases):
    client.force_login(officer_jatim)

    assert listed(client.get(LIST_URL)) == {cases["surabaya"].ticket, cases["no_village_there"].ticket}
    for key in ("village", "no_village_here"):
        complaint = cases[key]
        assert client.get(change_url(complaint)).status_code == 404
        assert client.get(f"{LIST_URL}{complaint.pk}/history/").status_code == 404
        assert client.get(act_url(complaint, "verified")).status_code == 404
        assert (
            client.post(act_url(complaint, "verified"), {"version": 1, "to": "VERIFIED"}).status_code == 404
        )
        assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED
    assert not AccessLog.objects.exclude(action=AccessAction.LIST).exists()  # the list logs itself, once


def test_staff_without_an_office_do_not_see_complaints_that_no_office_received(
    client, settings, office_lampung
):
    settings.COMPLAINT_INTAKE_OFFICE = "no-such-office"
    unrouted = make_complaint(village_code=None)
    assert unrouted.office is None
    roaming = make_officer(None, username="officer.keliling", region_codes=["35"])
    client.force_login(roaming)

    assert not Complaint.objects.visible_to(roaming).filter(pk=unrouted.pk).exists()
    assert unrouted.ticket not in listed(client.get(LIST_URL))
    assert client.get(change_url(unrouted)).status_code == 404


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_have_no_admin_access(client, request, persona, cases):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    assert user.is_staff is False
    for url in (LIST_URL, change_url(cases["village"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_get_403_from_the_complaints_api(api, request, persona, cases):
    api.force_authenticate(request.getfixturevalue(persona))

    response = api.get(API_URL)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_the_api_client_token_gets_403_from_the_complaints_api(token_api, cases):
    response = token_api.get(API_URL)

    assert response.status_code == 403
    assert cases["village"].ticket not in response.content.decode()


def test_an_anonymous_caller_cannot_list_complaints(api, cases):
    response = api.get(API_URL)

    assert response.status_code in (401, 403)
    assert cases["village"].ticket not in response.content.decode()


# --- Queues --------------------------------------------------------------------------------------------


@pytest.fixture
def queues(office_lampung, officer_lampung):
    supervisor = make_supervisor(office_lampung)
    mine = make_complaint()
    complaint_assign(complaint=mine, assignee=officer_lampung, actor=officer_lampung, expected_version=1)
    theirs = make_complaint()
    complaint_assign(complaint=theirs, assignee=supervisor, actor=supervisor, expected_version=1)
    unassigned = make_complaint()
    overdue = make_complaint(category="TRAFFICKING")
    Complaint.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    closed_mine = make_complaint_in(Status.CLOSED, actor=officer_lampung)
    complaint_assign(
        complaint=closed_mine, assignee=officer_lampung, actor=officer_lampung,
        expected_version=Complaint.objects.get(pk=closed_mine.pk).version,
    )  # fmt: skip
    closed_late = make_complaint_in(Status.REJECTED, actor=officer_lampung)
    Complaint.objects.filter(pk=closed_late.pk).update(due_at=timezone.now() - datetime.timedelta(days=3))
    return {"mine": mine, "theirs": theirs, "unassigned": unassigned, "overdue": overdue,
            "closed_mine": closed_mine, "closed_late": closed_late}  # fmt: skip


@pytest.mark.parametrize(
    ("queue", "expected"),
    [
        ("mine", {"mine"}),
        ("unassigned", {"unassigned", "overdue"}),
        ("overdue", {"overdue"}),
    ],
)
def test_the_queue_filters_show_the_right_complaints(lampung, queues, queue, expected):
    response = lampung.get(LIST_URL, {"queue": queue})

    assert response.status_code == 200
    assert listed(response) == {queues[name].ticket for name in expected}


# --- The change page and its actions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (Status.RECEIVED, {"verified", "rejected"}),
        (Status.VERIFIED, {"in_progress", "rejected"}),
        (Status.IN_PROGRESS, {"refer", "resolved"}),
        (Status.REFERRED, {"in_progress", "resolved"}),
        (Status.RESOLVED, {"closed", "in_progress"}),
    ],
)
def test_the_change_page_shows_buttons_for_the_allowed_transitions_only(
    lampung, officer_lampung, status, buttons
):
    complaint = make_complaint_in(status, actor=officer_lampung)

    response = lampung.get(change_url(complaint))

    assert response.status_code == 200
    # Changing the priority is a supervisor's act, so an officer is not offered it.
    assert action_buttons(response) == {"assign", "note"} | buttons


def test_a_supervisor_is_offered_the_priority_change(client, officer_lampung, office_lampung):
    supervisor = make_supervisor(office=office_lampung)
    client.force_login(supervisor)
    complaint = make_complaint_in(Status.VERIFIED, actor=officer_lampung)

    assert "priority" in action_buttons(client.get(change_url(complaint)))


def test_the_buttons_carry_the_indonesian_labels(lampung, officer_lampung):
    complaint = make_complaint()

    response = lampung.get(change_url(complaint))

    assert response.status_code == 200
    # The buttons themselves, named after what they do (not the status they lead to).
    assert action_labels(response) == {
        "assign": "Tugaskan kepada saya",
        "note": "Tambah catatan",
        "verified": "Verifikasi",
        "rejected": "Tolak",
    }


def test_a_supervisor_sees_the_reopen_button_on_a_closed_complaint(client, office_lampung, officer_lampung):
    supervisor = make_supervisor(office_lampung)
    complaint = make_complaint_in(Status.CLOSED, actor=officer_lampung)
    client.force_login(supervisor)

    response = client.get(change_url(complaint))

    assert action_buttons(response) == {"assign", "note", "in_progress", "priority"}


@pytest.mark.parametrize("closed_status", [Status.CLOSED, Status.REJECTED])
def test_an_officer_sees_no_reopen_button_on_a_closed_complaint(lampung, officer_lampung, closed_status):
    complaint = make_complaint_in(closed_status, actor=officer_lampung)

    response = lampung.get(change_url(complaint))

    assert "in_progress" not in action_buttons(response)


def test_an_action_with_the_current_version_is_saved(lampung, officer_lampung):
    complaint = make_complaint()

    response = lampung.post(
        act_url(complaint, "verified"), {"version": complaint.version, "to": "VERIFIED"}, follow=True
    )

    assert response.redirect_chain == [(change_url(complaint), 302)]
    assert "Tersimpan." in text(response)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (Status.VERIFIED, complaint.version + 1)


def test_an_action_with_a_stale_version_shows_the_conflict_and_changes_nothing(
    lampung, office_lampung, officer_lampung
):
    complaint = make_complaint()
    seen_version = complaint.version
    # A colleague takes the complaint while the officer still has the old page open.
    colleague = make_supervisor(office_lampung)
    complaint_assign(complaint=complaint, assignee=colleague, actor=colleague, expected_version=seen_version)
    events_before = ComplaintEvent.objects.filter(complaint=complaint).count()

    response = lampung.post(
        act_url(complaint, "verified"),
        {"version": seen_version, "to": "VERIFIED", "public_note": "Sudah kami cek.", "internal_note": "x"},
        follow=True,
    )

    assert response.status_code == 200
    assert CONFLICT in text(response)
    assert "Tersimpan." not in text(response)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version, stored.assignee) == (Status.RECEIVED, seen_version + 1, colleague)
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events_before


def test_a_rejection_without_a_reason_is_shown_next_to_the_field(lampung):
    complaint = make_complaint()

    response = lampung.post(act_url(complaint, "rejected"), {"version": complaint.version, "to": "REJECTED"})

    assert response.status_code == 200
    assert "Tuliskan alasan menolak pengaduan ini." in text(response)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_an_officer_cannot_change_the_priority_through_the_admin(lampung):
    complaint = make_complaint()

    response = lampung.post(act_url(complaint, "priority"), {"version": 1, "priority": "URGENT"}, follow=True)

    assert "Hanya supervisor yang dapat mengubah prioritas." in text(response)
    assert Complaint.objects.get(pk=complaint.pk).priority == "NORMAL"


def test_an_unknown_action_is_a_404(lampung):
    complaint = make_complaint()

    assert lampung.get(act_url(complaint, "delete")).status_code == 404


def test_opening_the_change_page_writes_an_access_log_view_row(lampung, officer_lampung):
    complaint = make_complaint()

    assert lampung.get(change_url(complaint)).status_code == 200

    entry = AccessLog.objects.get(action=AccessAction.VIEW)
    assert (entry.user, entry.subject_type, entry.subject_id) == (
        officer_lampung,
        "complaint",
        str(complaint.pk),
    )


def test_the_change_page_shows_the_timeline_with_the_internal_notes(lampung, officer_lampung):
    complaint = make_complaint()
    complaint_note(complaint=complaint, actor=officer_lampung, text="Nomor pelapor aktif, sudah ditelepon.",
                   public=False)  # fmt: skip

    page = text(lampung.get(change_url(complaint)))

    assert "Pengaduan Anda sudah kami terima." in page
    assert "Nomor pelapor aktif, sudah ditelepon." in page


# --- Query counts do not grow with the table -----------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _bulk(count, office, officer):
    villages = ["18.07.01.2001", "18.07.02.2001", "18.01.04.2001", None, SURABAYA_VILLAGE]
    complaints = make_complaints_in_bulk(count, village_codes=villages, office=office)
    # Some assigned, so the assignee column is filled from a join rather than row by row.
    Complaint.objects.filter(pk__in=[c.pk for c in complaints[::3]]).update(assignee=officer)


@pytest.mark.parametrize("url", [LIST_URL, API_URL])
def test_the_queue_and_the_api_run_as_many_queries_for_1000_complaints_as_for_10(
    lampung, office_lampung, officer_lampung, url
):
    _bulk(10, office_lampung, officer_lampung)
    _queries(lampung, url)  # warm the per-process caches (content types, sessions)
    small = _queries(lampung, url)

    _bulk(990, office_lampung, officer_lampung)
    large = _queries(lampung, url)

    assert Complaint.objects.visible_to(officer_lampung).count() > 700
    assert large == small
