"""Departures and returns a village learns of: proposals the village files and BP3MI decides.

A proposal never changes a placement by itself. Confirming it records the departure or the return
through `placements.services` (the one place those happen, with their own checks and flag refresh), in
the same transaction; rejecting it records why. Every write here is one transaction."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.choices import ReturnReason
from placements.models import Placement
from placements.services import placement_record_departure, placement_record_return
from portal.errors import ApplicationError
from village.models import MovementKind, MovementProposal, ProposalStatus, ReturnCondition
from workers.choices import Phase

# The phase a placement must be in for each kind of news: only a worker still at home departs, only a
# worker abroad returns.
PHASE_FOR_KIND = {MovementKind.DEPARTURE: Phase.PRA, MovementKind.RETURN: Phase.MASA}
# Conditions that say why the worker came back; "well" or "ill" leave the reason to the officer.
REASON_FOR_CONDITION = {
    ReturnCondition.DECEASED: ReturnReason.DECEASED,
    ReturnCondition.DEPORTED: ReturnReason.DEPORTED,
}


def _invalid(field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]})


def _visible_placement(*, user: User, placement_id: int) -> Placement:
    placement = Placement.objects.visible_to(user).filter(pk=placement_id).first()
    if placement is None:
        message = _("This record is outside your regions: you can only record data for people you may see.")
        raise ApplicationError(message, code="out_of_scope", fields={"placement": [message]}, status=403)
    return placement


@transaction.atomic
def movement_proposal_create(
    *,
    user: User,
    placement_id: int,
    kind: str,
    event_date: datetime.date,
    destination_country_id: str | None = None,
    condition: str = "",
    note: str = "",
) -> MovementProposal:
    """A village officer reports a departure or a return of a resident's placement.

    Raises ApplicationError: "out_of_scope" (403) for a placement the user may not see; "wrong_phase"
    when the placement cannot depart (not before departure) or return (not abroad); "duplicate" when
    the same news already waits for BP3MI; "invalid" with `fields` otherwise."""
    placement = _visible_placement(user=user, placement_id=placement_id)
    if kind not in PHASE_FOR_KIND:
        raise _invalid("kind", _("Choose a departure or a return."))
    if placement.phase != PHASE_FOR_KIND[MovementKind(kind)]:
        message = (
            _("This worker has already departed, so a departure cannot be reported.")
            if kind == MovementKind.DEPARTURE
            else _("This worker is not abroad, so a return cannot be reported.")
        )
        raise ApplicationError(message, code="wrong_phase")
    if event_date > timezone.localdate():
        raise _invalid("event_date", _("The date cannot be in the future: report what has happened."))
    if MovementProposal.objects.filter(
        placement=placement, kind=kind, status=ProposalStatus.PENDING
    ).exists():
        raise ApplicationError(_("This news was already reported and waits for BP3MI."), code="duplicate")
    proposal = MovementProposal(
        placement=placement,
        kind=kind,
        event_date=event_date,
        destination_country_id=destination_country_id if kind == MovementKind.DEPARTURE else None,
        condition=condition if kind == MovementKind.RETURN else "",
        note=note.strip(),
        reported_by=user,
    )
    try:
        proposal.full_clean()
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        raise ApplicationError(" ".join(error.messages), code="invalid", fields=fields) from error
    proposal.save()
    return proposal


def _pending(*, proposal: MovementProposal, officer: User) -> MovementProposal:
    locked = MovementProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ApplicationError(_("This report has already been decided."), code="already_decided")
    _visible_placement(user=officer, placement_id=locked.placement_id)
    return locked


def _decide(*, proposal: MovementProposal, officer: User, status: str, reason: str) -> MovementProposal:
    proposal.status = status
    proposal.decided_by = officer
    proposal.decided_at = timezone.now()
    proposal.decision_reason = reason.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return proposal


@transaction.atomic
def movement_proposal_confirm(
    *, proposal: MovementProposal, officer: User, return_reason: str = "", note: str = ""
) -> MovementProposal:
    """BP3MI agrees: the departure or return is recorded through the placements services.

    For a return, the reason is the officer's `return_reason`, else what the condition says (deceased,
    deported), else "other". Raises ApplicationError: "already_decided"; "out_of_scope" (403); and
    whatever the placements service refuses (the phase changed meanwhile, a return before departure)."""
    proposal = _pending(proposal=proposal, officer=officer)
    placement = proposal.placement
    if placement.phase != PHASE_FOR_KIND[MovementKind(proposal.kind)]:
        # Recorded meanwhile by an officer or an import: confirming would overwrite it silently.
        raise ApplicationError(
            _("The placement changed since the village reported this: reject the report with a reason."),
            code="wrong_phase",
        )
    if proposal.kind == MovementKind.DEPARTURE:
        placement_record_departure(placement=placement, departure_date=proposal.event_date)
    else:
        if return_reason and return_reason not in ReturnReason.values:
            raise _invalid("return_reason", _("Unknown return reason."))
        reason = return_reason or REASON_FOR_CONDITION.get(
            ReturnCondition(proposal.condition), ReturnReason.OTHER
        )
        placement_record_return(
            placement=placement,
            return_date=proposal.event_date,
            reason=reason,
            officer=officer,
        )
    return _decide(proposal=proposal, officer=officer, status=ProposalStatus.CONFIRMED, reason=note)


@transaction.atomic
def movement_proposal_reject(*, proposal: MovementProposal, officer: User, reason: str) -> MovementProposal:
    """BP3MI does not take the news over, for the reason given; the placement stays as it was."""
    if not reason.strip():
        message = _("Give the reason for rejecting this report.")
        raise ApplicationError(message, code="reason_required", fields={"reason": [message]})
    proposal = _pending(proposal=proposal, officer=officer)
    return _decide(proposal=proposal, officer=officer, status=ProposalStatus.REJECTED, reason=reason)
