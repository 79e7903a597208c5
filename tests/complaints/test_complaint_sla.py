"""The SLA sweep: open complaints past their due time are marked once, get an OVERDUE event, and their
assignee and the supervisors of the receiving office get exactly one e-mail each time a complaint turns overdue."""

import datetime

import pytest
import time_machine
from django.core import mail

from complaints.choices import EventKind, Status
from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_assign, complaints_mark_overdue
from complaints.tasks import complaints_sla_check
from tests.complaints.builders import SURABAYA_VILLAGE, make_complaint, make_officer, make_supervisor, move

pytestmark = pytest.mark.django_db

FILED_AT = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
# Eight days later: past the due time of URGENT (2 days) and HIGH (7 days), not of NORMAL (30 days).
SWEEP_AT = FILED_AT + datetime.timedelta(days=8)
OFFICER_EMAIL = "rina@bp3mi-lampung.test"
SUPERVISOR_EMAIL = "supervisor@bp3mi-lampung.test"
JATIM_SUPERVISOR_EMAIL = "supervisor@bp3mi-jatim.test"


@pytest.fixture
def people(office_lampung, office_jatim):
    officer = make_officer(office_lampung, username="rina.lampung", email=OFFICER_EMAIL)
    make_supervisor(office_lampung, email=SUPERVISOR_EMAIL)
    make_supervisor(office_jatim, username="supervisor.jatim", email=JATIM_SUPERVISOR_EMAIL)
    return officer


@pytest.fixture
def book(people):
    """Complaints filed on FILED_AT, in every situation the sweep must tell apart."""
    officer = people
    with time_machine.travel(FILED_AT, tick=False):
        assigned_urgent = make_complaint(category="TRAFFICKING")
        assigned_urgent = complaint_assign(
            complaint=assigned_urgent, assignee=officer, actor=officer, expected_version=1
        )
        high_in_progress = move(
            make_complaint(category="ABUSE"), Status.VERIFIED, Status.IN_PROGRESS, actor=officer
        )
        due_later = make_complaint(category="UNPAID_WAGES")
        closed_urgent = move(
            make_complaint(category="DEATH"),
            Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED,
            actor=officer,
        )  # fmt: skip
        rejected_urgent = move(make_complaint(category="DETENTION"), Status.REJECTED, actor=officer)
        resolved_high = move(
            make_complaint(category="ILLNESS"),
            Status.VERIFIED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            actor=officer,
        )
    return {"assigned_urgent": assigned_urgent, "high_in_progress": high_in_progress, "due_later": due_later,
            "closed_urgent": closed_urgent, "rejected_urgent": rejected_urgent,
            "resolved_high": resolved_high}  # fmt: skip


def sweep(capture, at=SWEEP_AT) -> int:
    with time_machine.travel(at, tick=False), capture(execute=True):
        return complaints_sla_check()


def overdue_events(complaint):
    return ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.OVERDUE)


def test_the_sweep_marks_exactly_the_open_complaints_past_their_due_time(
    book, django_capture_on_commit_callbacks
):
    marked = sweep(django_capture_on_commit_callbacks)

    assert marked == 2
    overdue = set(Complaint.objects.filter(overdue_since__isnull=False).values_list("pk", flat=True))
    assert overdue == {book["assigned_urgent"].pk, book["high_in_progress"].pk}
    for name in ("assigned_urgent", "high_in_progress"):
        assert Complaint.objects.get(pk=book[name].pk).overdue_since == SWEEP_AT
        event = overdue_events(book[name]).get()
        assert (event.public, event.actor) == (False, None)
    for name in ("due_later", "closed_urgent", "rejected_urgent", "resolved_high"):
        assert not overdue_events(book[name]).exists(), name


def test_each_overdue_complaint_sends_one_mail_to_its_assignee_and_the_offices_supervisors(
    book, django_capture_on_commit_callbacks
):
    sweep(django_capture_on_commit_callbacks)

    by_ticket = {message.subject: message for message in mail.outbox}
    assigned, unassigned = book["assigned_urgent"], book["high_in_progress"]
    assert len(mail.outbox) == 2
    assert set(by_ticket) == {
        f"Pengaduan {assigned.ticket} lewat tenggat", f"Pengaduan {unassigned.ticket} lewat tenggat"
    }  # fmt: skip
    first = by_ticket[f"Pengaduan {assigned.ticket} lewat tenggat"]
    assert sorted(first.to) == sorted([OFFICER_EMAIL, SUPERVISOR_EMAIL])
    assert assigned.ticket in first.body
    second = by_ticket[f"Pengaduan {unassigned.ticket} lewat tenggat"]
    assert second.to == [SUPERVISOR_EMAIL]
    assert all(JATIM_SUPERVISOR_EMAIL not in message.to for message in mail.outbox)


def test_the_mail_is_sent_only_after_the_marking_commits(book, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(SWEEP_AT, tick=False),
        django_capture_on_commit_callbacks(execute=False) as pending,
    ):
        complaints_mark_overdue()

    assert mail.outbox == []
    assert len(pending) == 2


def test_running_the_sweep_again_marks_and_mails_nothing_more(book, django_capture_on_commit_callbacks):
    sweep(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    again = sweep(django_capture_on_commit_callbacks, at=SWEEP_AT + datetime.timedelta(hours=6))

    assert again == 0
    assert mail.outbox == []
    assert Complaint.objects.get(pk=book["assigned_urgent"].pk).overdue_since == SWEEP_AT
    assert overdue_events(book["assigned_urgent"]).count() == 1


def test_before_any_due_time_the_sweep_does_nothing(book, django_capture_on_commit_callbacks):
    marked = sweep(django_capture_on_commit_callbacks, at=FILED_AT + datetime.timedelta(days=1, hours=23))

    assert marked == 0
    assert mail.outbox == []
    assert not Complaint.objects.filter(overdue_since__isnull=False).exists()


def test_a_complaint_turning_overdue_later_is_mailed_on_that_later_run(
    book, django_capture_on_commit_callbacks
):
    sweep(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    marked = sweep(django_capture_on_commit_callbacks, at=FILED_AT + datetime.timedelta(days=31))

    assert marked == 1
    assert [message.subject for message in mail.outbox] == [
        f"Pengaduan {book['due_later'].ticket} lewat tenggat"
    ]


def test_a_complaint_of_another_office_mails_that_offices_supervisors(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(FILED_AT, tick=False):
        surabaya = make_complaint(category="TRAFFICKING", village_code=SURABAYA_VILLAGE)

    sweep(django_capture_on_commit_callbacks)

    assert [(message.subject, message.to) for message in mail.outbox] == [
        (f"Pengaduan {surabaya.ticket} lewat tenggat", [JATIM_SUPERVISOR_EMAIL])
    ]
