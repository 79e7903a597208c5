"""Reads of the privacy app: what retention finds due, a batch at a time, and the legal holds that stop it.

A kind's records are walked in batches by id (keyset: `id > after`), so each record is looked at once a
run whatever happens to the ones before it. A batch is a handful of queries whatever its size: the
candidates (old enough, not anonymised, not abroad), then, for just those ids, which ones show recent
activity or an open obligation, and which ones a hold covers. Each question is an indexed lookup by the
batch's ids, so the plan does not depend on the planner guessing how many old records there are.

A hold on a worker covers the complaints about them; a hold on a complaint covers the worker it is
about."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Complaint
from placements.models import Placement, ReturnRecord
from privacy.models import AnonymisedRecord, LegalHold
from workers.choices import Phase
from workers.models import ConsentEvent, Document, Worker, WorkerStatus

CLOSED_STATUSES = (Status.CLOSED, Status.REJECTED)


@dataclass(frozen=True)
class Batch:
    due: list[int]  # ids to anonymise
    held: list[int]  # ids that would be due but for a legal hold
    last: int | None  # the last candidate id looked at; None when there are no more candidates


def _not_anonymised(kind: str) -> Exists:
    return Exists(AnonymisedRecord.objects.filter(kind=kind, object_id=OuterRef("pk")))


def _active_since(ids: list[int], cutoff: datetime.datetime) -> set[int]:
    """The workers among `ids` with activity since `cutoff` (their documents, consent, placements and
    returns, complaints about them) or an obligation that stands (working abroad, a complaint open)."""
    recent = (
        Document.objects.filter(worker_id__in=ids, updated_at__gte=cutoff)
        .values_list("worker_id")
        .union(
            ConsentEvent.objects.filter(worker_id__in=ids, at__gte=cutoff).values_list("worker_id"),
            Placement.objects.filter(Q(updated_at__gte=cutoff) | Q(phase=Phase.MASA), worker_id__in=ids)
            .values_list("worker_id"),
            ReturnRecord.objects.filter(placement__worker_id__in=ids, created_at__gte=cutoff)
            .values_list("placement__worker_id"),
            Complaint.objects.filter(
                Q(updated_at__gte=cutoff) | Q(status__in=OPEN_STATUSES), worker_id__in=ids
            ).values_list("worker_id"),
        )
    )  # fmt: skip
    return {worker_id for (worker_id,) in recent}


def _held_workers(ids: list[int]) -> set[int]:
    holds = LegalHold.objects.active().filter(Q(worker_id__in=ids) | Q(complaint__worker_id__in=ids))
    return {w for pair in holds.values_list("worker_id", "complaint__worker_id") for w in pair if w}


def worker_batch(*, cutoff: datetime.datetime, unverified: bool, after: int, limit: int) -> Batch:
    """The next batch of workers quiet since `cutoff`: with `unverified`, registrations never verified and
    with no placement (their own period); otherwise records verified or with a placement."""
    candidates = (
        Worker.objects.filter(updated_at__lt=cutoff, pk__gt=after)
        .exclude(phase=Phase.MASA)
        .exclude(_not_anonymised(AnonymisedRecord.Kind.WORKER))
    )
    if unverified:
        candidates = candidates.exclude(status=WorkerStatus.VERIFIED)
    rows = list(candidates.order_by("pk").values_list("pk", "status")[:limit])
    if not rows:
        return Batch([], [], None)
    ids = [pk for pk, _status in rows]
    placed = set(Placement.objects.filter(worker_id__in=ids).values_list("worker_id", flat=True))
    of_kind = [
        pk for pk, status in rows if (status != WorkerStatus.VERIFIED and pk not in placed) == unverified
    ]
    active = _active_since(of_kind, cutoff) if of_kind else set()
    quiet = [pk for pk in of_kind if pk not in active]
    held = _held_workers(quiet) if quiet else set()
    return Batch(
        due=[pk for pk in quiet if pk not in held],
        held=[pk for pk in quiet if pk in held],
        last=ids[-1] if len(ids) == limit else None,
    )


def complaint_batch(*, cutoff: datetime.datetime, after: int, limit: int) -> Batch:
    """The next batch of complaints closed (or rejected) before `cutoff`."""
    rows = list(
        Complaint.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff, pk__gt=after)
        .exclude(_not_anonymised(AnonymisedRecord.Kind.COMPLAINT))
        .order_by("pk")
        .values_list("pk", "worker_id")[:limit]
    )
    if not rows:
        return Batch([], [], None)
    ids = [pk for pk, _worker in rows]
    workers = [w for _pk, w in rows if w]
    holds = LegalHold.objects.active().filter(Q(complaint_id__in=ids) | Q(worker_id__in=workers))
    held_complaints, held_workers = set(), set()
    for complaint_id, worker_id in holds.values_list("complaint_id", "worker_id"):
        held_complaints.add(complaint_id)
        held_workers.add(worker_id)
    is_held = {pk for pk, w in rows if pk in held_complaints or (w and w in held_workers)}
    return Batch(
        due=[pk for pk in ids if pk not in is_held],
        held=[pk for pk in ids if pk in is_held],
        last=ids[-1] if len(ids) == limit else None,
    )


def legal_holds_active_for(*, worker: Worker) -> QuerySet[LegalHold]:
    """The active holds that stop the erasure of `worker`: on them, or on a complaint about them."""
    return LegalHold.objects.active().filter(Q(worker=worker) | Q(complaint__worker=worker))
