"""Reads of the privacy app: what retention finds due, kind by kind, and the legal holds that stop it.

Each `*_due` returns the rows whose period has run out, that are not anonymised yet, and that no active
legal hold covers; `*_held` the rows that would be due but for a hold. A hold on a worker covers the
complaints about them, a hold on a complaint covers the worker it is about."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import AccessLog
from complaints.choices import OPEN_STATUSES, Status
from complaints.models import Complaint
from placements.models import Placement, ReturnRecord
from privacy.models import AnonymisedRecord, LegalHold
from workers.choices import Phase
from workers.models import ConsentEvent, Document, Worker, WorkerStatus

CLOSED_STATUSES = (Status.CLOSED, Status.REJECTED)


def _anonymised(kind: str) -> QuerySet[AnonymisedRecord]:
    return AnonymisedRecord.objects.filter(kind=kind)


def _worker_held() -> Q:
    active = LegalHold.objects.active()
    return Exists(active.filter(worker=OuterRef("pk"))) | Exists(
        active.filter(complaint__worker=OuterRef("pk"))
    )


def _complaint_held() -> Q:
    active = LegalHold.objects.active()
    return Exists(active.filter(complaint=OuterRef("pk"))) | Exists(
        active.filter(worker__isnull=False, worker=OuterRef("worker_id"))
    )


def _workers_quiet_since(cutoff: datetime.datetime) -> QuerySet[Worker]:
    """Workers with no activity since `cutoff`: not their record, documents, consent, placements (and
    their returns) or complaints about them; never one working abroad or with a complaint still open."""
    worker = OuterRef("pk")
    recent = (
        Exists(Document.objects.filter(worker=worker, updated_at__gte=cutoff))
        | Exists(ConsentEvent.objects.filter(worker=worker, at__gte=cutoff))
        | Exists(Placement.objects.filter(worker=worker, updated_at__gte=cutoff))
        | Exists(ReturnRecord.objects.filter(placement__worker=worker, created_at__gte=cutoff))
        | Exists(Complaint.objects.filter(worker=worker, updated_at__gte=cutoff))
        | Exists(Complaint.objects.filter(worker=worker, status__in=OPEN_STATUSES))
        | Exists(Placement.objects.filter(worker=worker, phase=Phase.MASA))
    )
    return (
        Worker.objects.filter(updated_at__lt=cutoff)
        .exclude(phase=Phase.MASA)
        .exclude(pk__in=_anonymised(AnonymisedRecord.Kind.WORKER).values("object_id"))
        .exclude(recent)
    )


def _unverified(queryset: QuerySet[Worker]) -> QuerySet[Worker]:
    return queryset.exclude(status=WorkerStatus.VERIFIED).exclude(
        Exists(Placement.objects.filter(worker=OuterRef("pk")))
    )


def _placed_or_verified(queryset: QuerySet[Worker]) -> QuerySet[Worker]:
    return queryset.filter(
        Q(status=WorkerStatus.VERIFIED) | Exists(Placement.objects.filter(worker=OuterRef("pk")))
    )


def unverified_registrations_due(*, cutoff: datetime.datetime, held: bool = False) -> QuerySet[Worker]:
    rows = _unverified(_workers_quiet_since(cutoff))
    return rows.filter(_worker_held()) if held else rows.exclude(_worker_held())


def worker_records_due(*, cutoff: datetime.datetime, held: bool = False) -> QuerySet[Worker]:
    rows = _placed_or_verified(_workers_quiet_since(cutoff))
    return rows.filter(_worker_held()) if held else rows.exclude(_worker_held())


def closed_complaints_due(*, cutoff: datetime.datetime, held: bool = False) -> QuerySet[Complaint]:
    rows = Complaint.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff).exclude(
        pk__in=_anonymised(AnonymisedRecord.Kind.COMPLAINT).values("object_id")
    )
    return rows.filter(_complaint_held()) if held else rows.exclude(_complaint_held())


def access_log_due(*, cutoff: datetime.datetime) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(at__lt=cutoff)


def legal_holds_active_for(*, worker: Worker) -> QuerySet[LegalHold]:
    """The active holds that stop the erasure of `worker`: on them, or on a complaint about them."""
    return LegalHold.objects.active().filter(Q(worker=worker) | Q(complaint__worker=worker))
