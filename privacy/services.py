"""Writes of the privacy app: legal holds and a person's erasure."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.choices import OPEN_STATUSES
from complaints.models import Complaint
from placements.models import Placement
from portal.errors import ApplicationError
from privacy.anonymise import ERASURE, Actor, complaints_anonymise, workers_anonymise
from privacy.models import AnonymisedRecord, LegalHold
from workers.choices import Phase
from workers.models import Worker


@dataclass(frozen=True)
class ErasureOutcome:
    erased: bool
    refusal: str  # the hold or the legal obligation that stands, when not erased; empty when erased


def _held_complaints(worker: Worker) -> "Q":
    return Q(complaint__worker=worker) | Q(worker=worker)


def person_erase(*, worker: Worker, actor: User, reason: str) -> ErasureOutcome:
    """Anonymise the person's record and the complaints filed under their name, unless a legal hold or a
    legal obligation stands; then say which. Idempotent: an anonymised person is erased already."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the erasure."), code="reason_required")
    with transaction.atomic():
        worker = Worker.objects.select_for_update().get(pk=worker.pk)
        if AnonymisedRecord.objects.filter(kind=AnonymisedRecord.Kind.WORKER, object_id=worker.pk).exists():
            return ErasureOutcome(erased=True, refusal="")
        hold = LegalHold.objects.active().filter(_held_complaints(worker)).order_by("placed_at").first()
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
