"""Writes of the privacy app: legal holds and a person's erasure."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessLog
from complaints.choices import OPEN_STATUSES
from complaints.models import Complaint
from placements.models import Placement
from portal.errors import ApplicationError
from privacy import selectors
from privacy.anonymise import ERASURE, RETENTION, Actor, complaints_anonymise, workers_anonymise
from privacy.models import AnonymisedRecord, LegalHold
from privacy.retention import Action, RetentionKind, rule
from workers.choices import Phase
from workers.models import Worker


@dataclass(frozen=True)
class ErasureOutcome:
    erased: bool
    refusal: str  # the hold or the legal obligation that stands, when not erased; empty when erased


def person_erase(*, worker: Worker, actor: User, reason: str) -> ErasureOutcome:
    """Anonymise the person's record and the complaints filed under their name, unless a legal hold or a
    legal obligation stands; then say which. Idempotent: an anonymised person is erased already."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the erasure."), code="reason_required")
    with transaction.atomic():
        worker = Worker.objects.select_for_update().get(pk=worker.pk)
        if AnonymisedRecord.objects.filter(kind=AnonymisedRecord.Kind.WORKER, object_id=worker.pk).exists():
            return ErasureOutcome(erased=True, refusal="")
        hold = selectors.legal_holds_active_for(worker=worker).order_by("placed_at").first()
        if hold is not None:
            return ErasureOutcome(
                erased=False, refusal=_("A legal hold stands since %(date)s: %(reason)s")
                % {"date": f"{hold.placed_at:%Y-%m-%d}", "reason": hold.reason},
            )  # fmt: skip
        if worker.phase == Phase.MASA or Placement.objects.filter(worker=worker, phase=Phase.MASA).exists():
            return ErasureOutcome(
                erased=False,
                refusal=_(
                    "The person is working abroad: the law requires the record for their protection "
                    "during placement (UU 18/2017)."
                ),
            )
        if Complaint.objects.filter(worker=worker, status__in=OPEN_STATUSES).exists():
            return ErasureOutcome(
                erased=False,
                refusal=_(
                    "A complaint about the person is still being handled: the law requires the record "
                    "until it is closed (UU 18/2017)."
                ),
            )
        by = Actor(actor.pk, actor.get_username())
        complaint_ids = list(
            Complaint.objects.filter(worker=worker)
            .exclude(
                pk__in=AnonymisedRecord.objects.filter(kind=AnonymisedRecord.Kind.COMPLAINT).values(
                    "object_id"
                )
            )
            .values_list("pk", flat=True)
        )
        complaints_anonymise(ids=complaint_ids, reason=ERASURE, actor=by)
        workers_anonymise(ids=[worker.pk], reason=ERASURE, actor=by)
    return ErasureOutcome(erased=True, refusal="")


def legal_hold_place(
    *, actor: User, reason: str, worker: Worker | None = None, complaint: Complaint | None = None
) -> LegalHold:
    """Place a hold on a worker or a complaint: retention and erasure leave it alone until it is lifted."""
    if (worker is None) == (complaint is None):
        raise ApplicationError(_("A legal hold is on one worker or one complaint."), code="hold_subject")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the legal hold."), code="reason_required")
    return LegalHold.objects.create(
        worker=worker, complaint=complaint, reason=reason.strip(), placed_by=actor
    )


def legal_hold_lift(*, hold: LegalHold, actor: User, reason: str) -> LegalHold:
    if not hold.active:
        raise ApplicationError(_("This legal hold was lifted already."), code="hold_lifted")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for lifting the legal hold."), code="reason_required")
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.lift_reason = reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return hold


@dataclass(frozen=True)
class KindResult:
    kind: RetentionKind
    action: Action
    days: int
    cutoff: datetime.datetime
    count: int  # done, or due in a dry run
    held: int  # would be due but for a legal hold
    skipped: str = ""  # why nothing was done although rows are due


@dataclass(frozen=True)
class RetentionReport:
    dry_run: bool
    results: tuple[KindResult, ...]


def _cutoff(kind: RetentionKind, now: datetime.datetime) -> tuple[int, datetime.datetime]:
    days = rule(kind).effective_days
    if days is None:
        raise ValueError(f"retention kind {kind} has no period of its own")
    if kind == RetentionKind.ACCESS_LOG:
        days = max(days, settings.RETENTION_ACCESS_LOG_FLOOR_DAYS)
    return days, now - datetime.timedelta(days=days)


def _walk(
    next_batch: Callable[..., selectors.Batch],
    anonymise: Callable[..., None] | None,
    *,
    cutoff: datetime.datetime,
    batch: int,
    **kind: bool,
) -> tuple[int, int]:
    """Walk a kind's candidates a batch at a time; anonymise each batch's due records (each batch its own
    transaction, inside `anonymise`: a long run holds no lock for long and a failure keeps the batches
    done), or only count them when `anonymise` is None. Returns (due or done, held)."""
    done = held = 0
    after = 0
    while True:
        found = next_batch(cutoff=cutoff, after=after, limit=batch, **kind)
        if anonymise is not None and found.due:
            anonymise(ids=found.due, reason=RETENTION)
        done += len(found.due)
        held += len(found.held)
        if found.last is None:
            return done, held
        after = found.last


def _may_delete_access_log() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege(current_user, 'accounts_accesslog', 'DELETE')")
        row = cursor.fetchone()
    return bool(row and row[0])


def _floor() -> datetime.datetime:
    """The database's own clock less the floor: the trigger refuses anything younger, whatever the
    cutoff (a run told another `now`, as tests do, must not ask for what the trigger refuses)."""
    floor = datetime.timedelta(days=settings.RETENTION_ACCESS_LOG_FLOOR_DAYS)
    if connection.vendor != "postgresql":
        return timezone.now() - floor
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        row = cursor.fetchone()
    return (row[0] if row else timezone.now()) - floor


def _access_log_purge(cutoff: datetime.datetime, batch: int) -> int:
    """Delete access-log rows older than `cutoff`, a batch a statement. The append-only trigger lets a
    DELETE through only for rows older than the cutoff this transaction names (and than a year)."""
    done = 0
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('portal.log_purge_before', %s, true)", [cutoff.isoformat()])
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE at < %s ORDER BY id LIMIT %s)",  # noqa: S608 - our table name
                [min(cutoff, _floor()), batch],
            )
            deleted: int = cursor.rowcount
        done += deleted
        if deleted < batch:
            return done


def retention_apply(*, dry_run: bool = False, now: datetime.datetime | None = None) -> RetentionReport:
    """Apply every retention rule that has a period: anonymise persons and complaints past theirs, delete
    access-log rows past theirs; nothing under an active legal hold. A dry run counts and writes nothing."""
    now = now or timezone.now()
    batch: int = settings.RETENTION_BATCH
    results: list[KindResult] = []

    person_kinds: tuple[
        tuple[RetentionKind, Callable[..., selectors.Batch], Callable[..., None], dict[str, bool]], ...
    ] = (
        (RetentionKind.CLOSED_COMPLAINT, selectors.complaint_batch, complaints_anonymise, {}),
        (
            RetentionKind.UNVERIFIED_REGISTRATION,
            selectors.worker_batch,
            workers_anonymise,
            {"unverified": True},
        ),
        (RetentionKind.WORKER_RECORD, selectors.worker_batch, workers_anonymise, {"unverified": False}),
    )
    for kind, next_batch, anonymise, options in person_kinds:
        days, cutoff = _cutoff(kind, now)
        count, held = _walk(next_batch, None if dry_run else anonymise, cutoff=cutoff, batch=batch, **options)
        results.append(KindResult(kind, Action.ANONYMISE, days, cutoff, count, held))

    days, cutoff = _cutoff(RetentionKind.ACCESS_LOG, now)
    if dry_run:
        due_log = AccessLog.objects.filter(at__lt=min(cutoff, _floor())).count()
        results.append(KindResult(RetentionKind.ACCESS_LOG, Action.DELETE, days, cutoff, due_log, 0))
    elif not _may_delete_access_log():
        skipped = _(
            "this database role may not delete from the access log: run manage.py apply_retention as the "
            "owner role"
        )
        results.append(KindResult(RetentionKind.ACCESS_LOG, Action.DELETE, days, cutoff, 0, 0, skipped))
    else:
        deleted = _access_log_purge(cutoff, batch)
        results.append(KindResult(RetentionKind.ACCESS_LOG, Action.DELETE, days, cutoff, deleted, 0))
    return RetentionReport(dry_run=dry_run, results=tuple(results))
