"""The workflow in complaints.services: which status may follow which, what each step needs, who may
reopen or change priority, referrals, and two officers acting on the same complaint at once."""

import datetime
import threading

import pytest
from django.db import connection

from complaints.choices import TRANSITIONS, EventKind, Priority, ReferralTarget, Status
from complaints.models import Complaint, ComplaintEvent, Referral
from complaints.services import (
    complaint_assign,
    complaint_note,
    complaint_refer,
    complaint_set_priority,
    complaint_transition,
)
from portal.errors import ApplicationError
from tests.complaints.builders import make_complaint, make_complaint_in, make_officer, make_supervisor, move

STATUS_ID = {  # the Indonesian labels, lower-cased as the message shows them
    Status.RECEIVED: "diterima",
    Status.VERIFIED: "terverifikasi",
    Status.IN_PROGRESS: "sedang ditangani",
    Status.REFERRED: "dirujuk",
    Status.RESOLVED: "selesai",
    Status.CLOSED: "ditutup",
    Status.REJECTED: "ditolak",
}
ALLOWED = [(current, to) for current, targets in TRANSITIONS.items() for to in sorted(targets)]
REOPENING = [(Status.CLOSED, Status.IN_PROGRESS), (Status.REJECTED, Status.IN_PROGRESS)]
DISALLOWED = [
    (current, to)
    for current in Status.values
    for to in Status.values
    if to not in TRANSITIONS[current] and (current, to) not in REOPENING
]
CONFLICT = (
    "Petugas lain baru saja mengubah pengaduan ini. Muat ulang halaman untuk melihat perubahannya; "
    "isian Anda belum disimpan."
)


def pair_id(pair) -> str:
    return f"{pair[0]}->{pair[1]}"


def status_events(complaint):
    return ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.STATUS)


@pytest.fixture
def officer(office_lampung, officer_lampung):
    return officer_lampung


@pytest.fixture
def supervisor(office_lampung):
    return make_supervisor(office_lampung)


# --- Allowed and disallowed transitions ----------------------------------------------------------------


@pytest.mark.parametrize(("current", "to"), ALLOWED, ids=map(pair_id, ALLOWED))
def test_an_allowed_transition_moves_the_status_and_writes_a_timeline_event(officer, current, to):
    complaint = make_complaint_in(current, actor=officer)
    events_before = status_events(complaint).count()

    moved = move(complaint, to, actor=officer, public_note="Catatan untuk pelapor.")

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (moved.status, stored.status) == (to, to)
    assert stored.version == complaint.version + 1
    assert status_events(complaint).count() == events_before + 1
    event = status_events(complaint).latest("id")
    assert (event.status_from, event.status_to, event.actor, event.public, event.text) == (
        current, to, officer, True, "Catatan untuk pelapor."
    )  # fmt: skip


@pytest.mark.parametrize(("current", "to"), DISALLOWED, ids=map(pair_id, DISALLOWED))
def test_a_disallowed_transition_is_refused_with_a_clear_indonesian_message(officer, current, to):
    complaint = make_complaint_in(current, actor=officer)
    events_before = ComplaintEvent.objects.filter(complaint=complaint).count()

    with pytest.raises(ApplicationError) as error:
        move(complaint, to, actor=officer)

    assert error.value.code == "invalid_transition"
    assert error.value.message == (
        f"Pengaduan yang berstatus {STATUS_ID[current]} tidak bisa diubah menjadi {STATUS_ID[to]}."
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (current, complaint.version)
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events_before


@pytest.mark.parametrize(
    ("current", "to", "message"),
    [
        (Status.RECEIVED, Status.RESOLVED, "Pengaduan yang berstatus diterima tidak bisa diubah menjadi selesai."),
        (Status.RECEIVED, Status.CLOSED, "Pengaduan yang berstatus diterima tidak bisa diubah menjadi ditutup."),
        (Status.CLOSED, Status.VERIFIED,
         "Pengaduan yang berstatus ditutup tidak bisa diubah menjadi terverifikasi."),
    ],
)  # fmt: skip
def test_the_named_shortcuts_are_refused(officer, current, to, message):
    complaint = make_complaint_in(current, actor=officer)

    with pytest.raises(ApplicationError, match=message):
        move(complaint, to, actor=officer)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(officer, reason):
    complaint = make_complaint()

    with pytest.raises(ApplicationError) as error:
        complaint_transition(
            complaint=complaint, to=Status.REJECTED, actor=officer, expected_version=1, reason=reason
        )

    assert error.value.code == "reason_required"
    assert error.value.fields == {"reason": ["Tuliskan alasan menolak pengaduan ini."]}
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_a_rejection_stores_the_reason_and_shows_it_to_the_reporter(officer):
    complaint = make_complaint()

    rejected = complaint_transition(
        complaint=complaint, to=Status.REJECTED, actor=officer, expected_version=1, reason=" Laporan ganda. "
    )

    assert (rejected.rejection_reason, rejected.closed_at is not None) == ("Laporan ganda.", True)
    assert status_events(complaint).get().text == "Laporan ganda."


def test_resolving_needs_an_outcome(officer):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer)

    with pytest.raises(ApplicationError) as error:
        complaint_transition(
            complaint=complaint, to=Status.RESOLVED, actor=officer, expected_version=complaint.version
        )

    assert error.value.code == "outcome_required"
    assert error.value.fields == {"outcome": ["Catat hasilnya sebelum menyelesaikan."]}
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS


def test_resolving_records_the_outcome_and_the_wages_recovered(officer):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer)

    resolved = complaint_transition(
        complaint=complaint, to=Status.RESOLVED, actor=officer, expected_version=complaint.version,
        outcome="WAGES_RECOVERED", wages_recovered_idr=21_000_000,
    )  # fmt: skip

    stored = Complaint.objects.get(pk=resolved.pk)
    assert (stored.status, stored.outcome, stored.wages_recovered_idr) == (
        Status.RESOLVED, "WAGES_RECOVERED", 21_000_000
    )  # fmt: skip


def test_an_internal_note_on_a_transition_is_a_separate_non_public_event(officer):
    complaint = make_complaint()

    move(complaint, Status.VERIFIED, actor=officer, internal_note="Sudah ditelepon.")

    note = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.NOTE)
    assert (note.public, note.text, note.actor) == (False, "Sudah ditelepon.", officer)


def test_an_empty_note_is_refused(officer):
    complaint = make_complaint()

    with pytest.raises(ApplicationError, match="Tulis catatannya dahulu."):
        complaint_note(complaint=complaint, actor=officer, text="  ", public=True)


# --- Reopening and priority: a supervisor's acts -------------------------------------------------------


@pytest.mark.parametrize("closed_status", [Status.CLOSED, Status.REJECTED])
def test_an_officer_cannot_reopen_a_closed_or_rejected_complaint(officer, closed_status):
    complaint = make_complaint_in(closed_status, actor=officer)

    with pytest.raises(ApplicationError) as error:
        move(complaint, Status.IN_PROGRESS, actor=officer)

    assert error.value.code == "forbidden"
    assert error.value.message == (
        "Hanya supervisor yang dapat membuka kembali pengaduan yang ditutup atau ditolak."
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (closed_status, complaint.version)


@pytest.mark.parametrize("closed_status", [Status.CLOSED, Status.REJECTED])
def test_a_supervisor_reopens_a_closed_or_rejected_complaint(officer, supervisor, closed_status):
    complaint = make_complaint_in(closed_status, actor=officer)
    assert complaint.closed_at is not None

    reopened = move(complaint, Status.IN_PROGRESS, actor=supervisor)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (reopened.status, stored.status, stored.closed_at) == (
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        None,
    )
    event = status_events(complaint).latest("id")
    assert (event.status_from, event.status_to, event.actor) == (
        closed_status,
        Status.IN_PROGRESS,
        supervisor,
    )


def test_a_supervisor_cannot_reopen_into_any_status_but_in_progress(officer, supervisor):
    complaint = make_complaint_in(Status.CLOSED, actor=officer)

    with pytest.raises(ApplicationError) as error:
        move(complaint, Status.VERIFIED, actor=supervisor)

    assert error.value.code == "invalid_transition"


def test_an_officer_cannot_change_the_priority(officer):
    complaint = make_complaint()

    with pytest.raises(ApplicationError) as error:
        complaint_set_priority(
            complaint=complaint, actor=officer, priority=Priority.URGENT, expected_version=1
        )

    assert (error.value.code, error.value.message) == (
        "forbidden",
        "Hanya supervisor yang dapat mengubah prioritas.",
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.priority, stored.version, stored.priority_set_by) == (Priority.NORMAL, 1, None)


def test_a_supervisor_changes_the_priority_and_the_due_time_follows(officer, supervisor):
    complaint = make_complaint()

    changed = complaint_set_priority(
        complaint=complaint, actor=supervisor, priority=Priority.URGENT, expected_version=1
    )

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.priority, stored.priority_set_by, stored.version) == (Priority.URGENT, supervisor, 2)
    assert stored.due_at == changed.created_at + datetime.timedelta(days=2)
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.PRIORITY)
    assert (event.actor, event.public, event.text) == (supervisor, False, "Mendesak")


# --- Referral ------------------------------------------------------------------------------------------


def test_referring_creates_a_referral_and_moves_the_complaint_to_referred(officer):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer)

    referral = complaint_refer(
        complaint=complaint, actor=officer, expected_version=complaint.version,
        target=ReferralTarget.EMBASSY, target_name="KDEI Taipei", note="Mohon pendampingan.",
    )  # fmt: skip

    assert Referral.objects.get() == referral
    assert (referral.target, referral.target_name, referral.created_by) == ("EMBASSY", "KDEI Taipei", officer)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (Status.REFERRED, complaint.version + 1)
    event = status_events(complaint).latest("id")
    assert (event.status_to, event.public, event.text) == (
        Status.REFERRED, True, "Kasus Anda sudah dirujuk ke: KBRI atau KJRI."
    )  # fmt: skip
    assert ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.REFERRAL).public is False


def test_referring_to_an_unknown_target_is_refused_and_changes_nothing(officer):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer)

    with pytest.raises(ApplicationError, match="Pilih ke mana kasus ini dirujuk."):
        complaint_refer(complaint=complaint, actor=officer, expected_version=complaint.version, target="MARS")

    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS
    assert not Referral.objects.exists()


def test_a_received_complaint_cannot_be_referred(officer):
    complaint = make_complaint()

    with pytest.raises(ApplicationError) as error:
        complaint_refer(complaint=complaint, actor=officer, expected_version=1, target=ReferralTarget.POLICE)

    assert error.value.code == "invalid_transition"
    assert not Referral.objects.exists()


# --- Two officers at once ------------------------------------------------------------------------------


def test_a_write_with_a_stale_version_is_refused_as_a_conflict(officer, supervisor):
    complaint = make_complaint()
    complaint_assign(complaint=complaint, assignee=officer, actor=officer, expected_version=1)

    with pytest.raises(ApplicationError) as error:
        complaint_transition(complaint=complaint, to=Status.VERIFIED, actor=supervisor, expected_version=1)

    assert (error.value.code, error.value.status, error.value.message) == ("conflict", 409, CONFLICT)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (Status.RECEIVED, 2)


def _verify(complaint_pk: int, actor, version: int) -> str:
    try:
        complaint_transition(
            complaint=Complaint(pk=complaint_pk), to=Status.VERIFIED, actor=actor, expected_version=version
        )
    except ApplicationError as error:
        return error.code
    return "ok"


def _race(complaint, actors) -> list[str]:
    """Each officer verifies the complaint with the version they both saw; one outcome per officer."""
    if connection.vendor != "postgresql":
        # SQLite has one writer at a time: the same calls, one after the other.
        return [_verify(complaint.pk, actor, complaint.version) for actor in actors]
    barrier = threading.Barrier(len(actors))
    outcomes = ["did not run"] * len(actors)

    def act(index, actor):
        try:  # each thread has its own database connection
            barrier.wait(timeout=10)
            outcomes[index] = _verify(complaint.pk, actor, complaint.version)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(i, actor)) for i, actor in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_exactly_one_wins_and_the_other_gets_a_conflict(
    regions, office_lampung, officer_lampung
):
    colleague = make_officer(office_lampung, username="officer.lampung.2")
    complaint = make_complaint()

    outcomes = _race(complaint, [officer_lampung, colleague])

    assert sorted(outcomes) == ["conflict", "ok"], outcomes
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version) == (Status.VERIFIED, complaint.version + 1)
    events = list(status_events(complaint).filter(status_to=Status.VERIFIED))
    assert len(events) == 1
    assert events[0].actor == [officer_lampung, colleague][outcomes.index("ok")]
