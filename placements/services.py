import datetime
from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import ensure_targets_visible
from placements.choices import POSITION_ALIASES, ReturnReason
from placements.models import (
    Agency,
    AgencyLicence,
    CountryPolicy,
    Flag,
    FlagDecision,
    FlagReview,
    FlagStatus,
    JobOrder,
    Placement,
    Position,
    ReferralTarget,
    ReturnRecord,
    RuleRun,
)
from placements.rules import RULES
from portal.errors import ApplicationError
from portal.jobs import enqueue_on_commit
from workers.choices import Phase

_ModelT = TypeVar("_ModelT", bound=Model)


def refresh_flags_later(**affected: Iterable[object]) -> None:
    """After a change to placements or to what they depend on (ids by kind, as `affected_batches`
    takes them), re-evaluate them once the transaction commits."""
    from placements.tasks import flags_evaluate  # tasks call services, not the other way round

    if any(affected.values()):
        enqueue_on_commit(flags_evaluate, {k: list(v) for k, v in affected.items()})


@transaction.atomic
def rule_runs_record(*, codes: Iterable[str]) -> None:
    """Remember which version of each rule a full sweep just applied (flags_check_rule_versions)."""
    now = timezone.now()
    for code in codes:
        RuleRun.objects.update_or_create(
            code=code, defaults={"version": RULES[code].version, "swept_at": now}
        )


def _save(obj: _ModelT, fields: list[str] | None = None) -> _ModelT:
    """Validate then save one register row (model and database constraints both apply)."""
    obj.full_clean()
    obj.save(update_fields=fields) if fields and obj.pk else obj.save()
    return obj


@transaction.atomic
def agency_save(*, agency: Agency, fields: list[str] | None = None) -> Agency:
    return _save(agency, fields)


@transaction.atomic
def agency_licence_record(
    *,
    agency: Agency,
    event: str,
    effective_date: datetime.date,
    basis: str,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> AgencyLicence:
    """Append an event to the licence history; history is never rewritten. The agency's placements are
    evaluated again: a revocation or a renewal changes their flags."""
    licence = _save(
        AgencyLicence(
            agency=agency,
            event=event,
            effective_date=effective_date,
            valid_until=valid_until,
            basis=basis,
            note=note,
        )
    )
    refresh_flags_later(agency_ids=[agency.pk])
    return licence


def _position(code: str) -> str:
    return POSITION_ALIASES.get(code, code)


@transaction.atomic
def job_order_save(*, job_order: JobOrder, fields: list[str] | None = None) -> JobOrder:
    if job_order.position_id:
        job_order.position_id = _position(job_order.position_id)
    _save(job_order, fields)
    refresh_flags_later(job_order_ids=[job_order.pk])
    return job_order


@transaction.atomic
def country_policy_save(*, policy: CountryPolicy, fields: list[str] | None = None) -> CountryPolicy:
    """Policy data changed: every placement to that country is evaluated again."""
    _save(policy, fields)
    refresh_flags_later(country_codes=[policy.country_id])
    return policy


@transaction.atomic
def special_channel_designate(*, policy: CountryPolicy, agencies: Iterable[Agency]) -> CountryPolicy:
    """Add agencies to a special channel's designated P3MI; placements to its country are evaluated again."""
    policy.designated_agencies.add(*agencies)
    CountryPolicy.objects.filter(pk=policy.pk).update(updated_at=timezone.now())
    refresh_flags_later(country_codes=[policy.country_id])
    return policy


@transaction.atomic
def position_save(*, position: Position, fields: list[str] | None = None) -> Position:
    """Position policy data changed (domestic, zero cost and its dates): its placements are evaluated again."""
    _save(position, fields)
    refresh_flags_later(position_codes=[position.pk])
    return position


@transaction.atomic
def placement_save(
    *, placement: Placement, fields: list[str] | None = None, user: User | None = None
) -> Placement:
    """Save, then evaluate the placement and its neighbours: the same worker (NP-RETRO), the same job
    order's queue (quota), the same recruiter contact (NP-CLUSTER), before and after the change.
    With a `user` (a person at a screen, not an import), raises `out_of_scope` for a worker she may not see."""
    if user is not None:
        ensure_targets_visible(user=user, instance=placement)
    before = Placement.objects.filter(pk=placement.pk).values_list("job_order_id", "recruiter_phone").first()
    old_job_order, old_phone = before or (None, "")
    if placement.position_id:
        placement.position_id = _position(placement.position_id)
    _save(placement, fields)
    refresh_flags_later(
        placement_ids=[placement.pk],
        worker_ids=[placement.worker_id],
        job_order_ids=[i for i in {placement.job_order_id, old_job_order} if i],
        recruiter_phones=[p for p in {placement.recruiter_phone, old_phone} if p],
    )
    return placement


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().get(pk=placement.pk)


@transaction.atomic
def placement_record_departure(*, placement: Placement, departure_date: datetime.date) -> Placement:
    """The worker has left Indonesia: the placement moves from PRA to MASA."""
    placement = _locked(placement)
    if placement.phase != Phase.PRA:
        raise ApplicationError(
            _("Only a placement before departure can be recorded as departed."), code="wrong_phase"
        )
    placement.departure_date = departure_date
    placement.phase = Phase.MASA
    placement.save(update_fields=["departure_date", "phase", "updated_at"])
    refresh_flags_later(placement_ids=[placement.pk])
    return placement


@transaction.atomic
def placement_record_arrival(*, placement: Placement, arrival_date: datetime.date) -> Placement:
    placement = _locked(placement)
    if placement.phase != Phase.MASA:
        raise ApplicationError(_("Record the departure before the arrival."), code="wrong_phase")
    if placement.departure_date and arrival_date < placement.departure_date:
        raise ApplicationError(
            _("The arrival cannot be before the departure."),
            code="invalid",
            fields={"arrival_date": [_("The arrival cannot be before the departure.")]},
        )
    placement.arrival_date = arrival_date
    placement.save(update_fields=["arrival_date", "updated_at"])
    refresh_flags_later(placement_ids=[placement.pk])
    return placement


@transaction.atomic
def placement_record_return(
    *,
    placement: Placement,
    return_date: datetime.date,
    reason: str,
    reintegration_services: str = "",
    officer: User | None = None,
) -> ReturnRecord:
    """The worker came home: the placement moves to PURNA with its return record."""
    placement = _locked(placement)
    if placement.phase == Phase.PRA:
        raise ApplicationError(_("A worker who has not departed cannot return."), code="wrong_phase")
    if reason not in ReturnReason.values:
        raise ApplicationError(_("Unknown return reason."), code="invalid")
    if placement.departure_date and return_date < placement.departure_date:
        raise ApplicationError(_("The return cannot be before the departure."), code="invalid")
    record, _created = ReturnRecord.objects.update_or_create(
        placement=placement,
        defaults={
            "return_date": return_date,
            "reason": reason,
            "reintegration_services": reintegration_services,
            "recorded_by": officer,
        },
    )
    placement.phase = Phase.PURNA
    placement.save(update_fields=["phase", "updated_at"])
    refresh_flags_later(placement_ids=[placement.pk])
    return record


def _reason_required(reason: str, message: str) -> None:
    if not reason.strip():
        raise ApplicationError(message, code="reason_required", fields={"reason": [message]})


@transaction.atomic
def _review(
    *, flag: Flag, reviewer: User, decision: str, status: str, reason: str = "", referred_to: str = ""
) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    # Re-read under the lock: the sweep may have resolved the flag since the officer opened it, and a
    # decision on a condition that no longer holds would record a verdict on nothing.
    if flag.status == FlagStatus.RESOLVED:
        raise ApplicationError(
            _("This flag is already resolved: its condition no longer holds, so it cannot be reviewed."),
            code="flag_resolved",
        )
    FlagReview.objects.create(
        flag=flag, reviewer=reviewer, decision=decision, reason=reason.strip(), referred_to=referred_to,
        evidence=flag.evidence,
    )  # fmt: skip
    flag.status = status
    if referred_to:
        flag.referred_to = referred_to
    flag.save(update_fields=["status", "referred_to"])
    return flag


def flag_confirm(*, flag: Flag, reviewer: User, reason: str) -> Flag:
    """The officer agrees the placement is non-procedural; the flag stays until its condition ends."""
    _reason_required(reason, _("Give the reason for confirming this flag."))
    return _review(
        flag=flag,
        reviewer=reviewer,
        decision=FlagDecision.CONFIRM,
        status=FlagStatus.CONFIRMED,
        reason=reason,
    )


def flag_dismiss(*, flag: Flag, reviewer: User, reason: str) -> Flag:
    """Not a problem, for the reason given. The flag stays dismissed until its evidence changes."""
    _reason_required(reason, _("Give the reason for dismissing this flag."))
    return _review(
        flag=flag,
        reviewer=reviewer,
        decision=FlagDecision.DISMISS,
        status=FlagStatus.DISMISSED,
        reason=reason,
    )


def flag_refer(*, flag: Flag, reviewer: User, referred_to: str, reason: str) -> Flag:
    """Hand the case to the police, immigration or Disnaker; a referral confirms the flag."""
    if referred_to not in ReferralTarget.values:
        message = _("Choose where the case is referred to.")
        raise ApplicationError(message, code="invalid", fields={"referred_to": [message]})
    _reason_required(reason, _("Give the reason for referring this case."))
    return _review(
        flag=flag, reviewer=reviewer, decision=FlagDecision.REFER, status=FlagStatus.CONFIRMED, reason=reason,
        referred_to=referred_to,
    )  # fmt: skip
