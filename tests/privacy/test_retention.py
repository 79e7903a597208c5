"""apply_retention: what is due is anonymised, what is not due or held is untouched, set-based."""

import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessAction, AccessLog
from accounts.services import access_log_record
from complaints.models import Complaint
from privacy.models import AnonymisedRecord
from privacy.services import legal_hold_place, retention_apply
from tests.privacy.builders import old_closed_complaint, old_open_complaint, old_worker, years_ago
from workers.models import Worker

pytestmark = pytest.mark.django_db

DELETE = "DELETE FROM accounts_accesslog WHERE id = %s"
UPDATE = "UPDATE accounts_accesslog SET username = 'x' WHERE id = %s"


def counts(report) -> dict[str, tuple[int, int]]:
    return {result.kind.value: (result.count, result.held) for result in report.results}


def names(*workers: Worker) -> list[str]:
    return [Worker.objects.get(pk=w.pk).full_name for w in workers]


def test_registrations_due_are_anonymised_not_due_and_held_are_untouched(admin_user):
    due = old_worker(3, full_name="Due Person")
    recent = old_worker(1, full_name="Recent Person")
    held = old_worker(3, full_name="Held Person")
    verified = old_worker(3, verified=True, full_name="Verified Person")  # kept 10 years
    legal_hold_place(actor=admin_user, worker=held, reason="Sengketa di pengadilan")

    report = retention_apply()

    assert names(due, recent, held, verified) == ["ANONIM", "Recent Person", "Held Person", "Verified Person"]
    assert counts(report)["UNVERIFIED_REGISTRATION"] == (1, 1)
    assert counts(report)["WORKER_RECORD"] == (0, 0)
    history = Worker.history.filter(id=due.pk, history_change_reason="retention")
    assert history.count() == 1 and history.get().history_user is None
    assert AccessLog.objects.filter(action="ANONYMISE", subject_id=str(due.pk), username="system:retention")


def test_a_verified_record_is_kept_ten_years(admin_user):
    nine, eleven = old_worker(9, verified=True), old_worker(11, verified=True)
    retention_apply()
    assert names(nine, eleven) == ["Siti Aminah", "ANONIM"]


def test_a_worker_with_recent_activity_elsewhere_is_not_due(admin_user):
    worker = old_worker(3)
    old_closed_complaint(1, actor=admin_user, worker=worker)  # the complaint is recent activity
    retention_apply()
    assert names(worker) == ["Siti Aminah"]


def test_closed_complaints_due_not_due_held_and_open(admin_user):
    due = old_closed_complaint(6, actor=admin_user)
    recent = old_closed_complaint(4, actor=admin_user)
    held = old_closed_complaint(6, actor=admin_user)
    still_open = old_open_complaint(7)
    legal_hold_place(actor=admin_user, complaint=held, reason="Bukti perkara pidana")

    report = retention_apply()

    reporters = [Complaint.objects.get(pk=c.pk).reporter_name for c in (due, recent, held, still_open)]
    assert reporters == ["", "Sulastri", "Sulastri", "Sulastri"]
    assert Complaint.objects.get(pk=due.pk).description == "ANONIM"
    assert counts(report)["CLOSED_COMPLAINT"] == (1, 1)
    assert not Complaint.history.filter(id=due.pk, reporter_name="Sulastri").exists()


def test_a_hold_on_a_complaint_protects_the_person_it_is_about(admin_user):
    worker = old_worker(3)
    complaint = old_closed_complaint(6, actor=admin_user, worker=worker)
    Worker.objects.filter(pk=worker.pk).update(updated_at=complaint.updated_at)
    legal_hold_place(actor=admin_user, complaint=complaint, reason="Perkara")
    retention_apply()
    assert names(worker) == ["Siti Aminah"]


def test_the_environment_overrides_a_period(admin_user, settings):
    worker = old_worker(1)
    settings.RETENTION_DAYS = {"UNVERIFIED_REGISTRATION": 300}
    report = retention_apply()
    assert names(worker) == ["ANONIM"]
    assert next(r for r in report.results if r.kind == "UNVERIFIED_REGISTRATION").days == 300


def test_a_dry_run_counts_and_writes_nothing(admin_user):
    workers = [old_worker(3) for _ in range(2)]
    old_closed_complaint(6, actor=admin_user)
    before = (Worker.history.count(), AccessLog.objects.count(), Complaint.history.count())

    report = retention_apply(dry_run=True)

    assert report.dry_run
    assert counts(report)["UNVERIFIED_REGISTRATION"] == (2, 0)
    assert counts(report)["CLOSED_COMPLAINT"] == (1, 0)
    assert names(*workers) == ["Siti Aminah", "Siti Aminah"]
    assert (Worker.history.count(), AccessLog.objects.count(), Complaint.history.count()) == before
    assert not AnonymisedRecord.objects.exists()


def test_a_second_run_finds_nothing_left(admin_user):
    old_worker(3)
    assert counts(retention_apply())["UNVERIFIED_REGISTRATION"] == (1, 0)
    assert counts(retention_apply())["UNVERIFIED_REGISTRATION"] == (0, 0)


def _build_due(n: int, admin_user) -> None:
    for _ in range(n):
        old_closed_complaint(11, actor=admin_user, worker=old_worker(12, verified=True))
        old_worker(3)


def _run_counting_queries(n: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = retention_apply()
    assert counts(report)["WORKER_RECORD"][0] == n
    assert counts(report)["UNVERIFIED_REGISTRATION"][0] == n
    assert counts(report)["CLOSED_COMPLAINT"][0] == n
    return len(queries)


def test_set_based_the_query_count_does_not_grow_with_the_rows(admin_user):
    _build_due(2, admin_user)
    few = _run_counting_queries(2)
    _build_due(7, admin_user)  # the first run's records are anonymised: the second run sees these only
    many = _run_counting_queries(7)
    assert few == many


def test_access_log_rows_past_five_years_are_deleted_and_younger_ones_kept(admin_user):
    with time_machine.travel(years_ago(6), tick=False):
        old = access_log_record(
            user=admin_user, action=AccessAction.VIEW, subject_type="worker", subject_id=1
        )
    with time_machine.travel(years_ago(4), tick=False):
        young = access_log_record(
            user=admin_user, action=AccessAction.VIEW, subject_type="worker", subject_id=2
        )
    report = retention_apply()
    assert counts(report)["ACCESS_LOG"] == (1, 0)
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=young.pk).exists()


def test_the_log_still_refuses_any_other_delete_or_update(admin_user):
    with time_machine.travel(years_ago(6), tick=False):
        old = access_log_record(
            user=admin_user, action=AccessAction.VIEW, subject_type="worker", subject_id=1
        )
    for statement in (DELETE, UPDATE):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [old.pk])
    # Even with a cutoff named, a row younger than a year stays and an UPDATE is refused.
    young = access_log_record(user=admin_user, action=AccessAction.VIEW, subject_type="worker", subject_id=2)
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    for statement in (DELETE, UPDATE):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT set_config('portal.log_purge_before', %s, true)", [future])
            cursor.execute(statement, [young.pk if statement == DELETE else old.pk])


def test_the_nightly_task_is_declared_and_runs_the_same_service(admin_user):
    from portal.schedules import BEAT_SCHEDULE
    from privacy.tasks import retention_apply_task

    assert any(entry["task"] == "privacy.tasks.retention_apply_task" for entry in BEAT_SCHEDULE.values())
    worker = old_worker(3)
    assert retention_apply_task()["UNVERIFIED_REGISTRATION"] == 1
    assert names(worker) == ["ANONIM"]


def test_small_batches_walk_every_candidate_once(admin_user, settings):
    settings.RETENTION_BATCH = 2
    due = [old_worker(3) for _ in range(3)]
    active = old_worker(3)
    old_closed_complaint(1, actor=admin_user, worker=active)  # a candidate, not due: recent activity
    held = old_worker(3)
    legal_hold_place(actor=admin_user, worker=held, reason="Perkara")
    due += [old_worker(3) for _ in range(2)]
    assert counts(retention_apply(dry_run=True))["UNVERIFIED_REGISTRATION"] == (5, 1)
    assert counts(retention_apply())["UNVERIFIED_REGISTRATION"] == (5, 1)
    assert names(*due) == ["ANONIM"] * 5
    assert names(active, held) == ["Siti Aminah", "Siti Aminah"]
