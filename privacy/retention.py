"""Retention in one declaration: per kind of record, how long it is kept after which event, on what basis.

The periods are policy choices for the office to confirm (docs/retention.md); each can be overridden by
environment (RETENTION_<KIND>_DAYS, read in portal/settings.py into settings.RETENTION_DAYS)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RetentionKind(models.TextChoices):
    UNVERIFIED_REGISTRATION = "UNVERIFIED_REGISTRATION", _("Registration never verified, with no placement")
    WORKER_RECORD = "WORKER_RECORD", _("Worker record (verified or placed)")
    CLOSED_COMPLAINT = "CLOSED_COMPLAINT", _("Closed complaint")
    ACCESS_LOG = "ACCESS_LOG", _("Access-log row")
    CHANGE_HISTORY = "CHANGE_HISTORY", _("Change history of a person record")
    DATA_RIGHTS_REQUEST = "DATA_RIGHTS_REQUEST", _("Data-rights request")
    AGGREGATES = "AGGREGATES", _("Anonymous aggregates")


class Action(models.TextChoices):
    ANONYMISE = "ANONYMISE", _("anonymised")
    DELETE = "DELETE", _("deleted")
    FOLLOW = "FOLLOW", _("follows the record it belongs to")
    KEEP = "KEEP", _("kept (not personal data)")


@dataclass(frozen=True)
class RetentionRule:
    kind: RetentionKind
    days: int | None  # None: no period of its own (follows its record, or not personal data)
    after: Promise  # the event the period runs from
    action: Action
    basis: Promise  # why this long

    @property
    def effective_days(self) -> int | None:
        """The declared period, or the environment's override (settings.RETENTION_DAYS)."""
        overrides: dict[str, int] = getattr(settings, "RETENTION_DAYS", {})
        return overrides.get(self.kind.value, self.days)


YEAR = 365

RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        RetentionKind.UNVERIFIED_REGISTRATION,
        2 * YEAR,
        _("the last activity on the registration (its last change, document or consent)"),
        Action.ANONYMISE,
        _("The purpose (registration) ended without a placement; two years leaves time to come back."),
    ),
    RetentionRule(
        RetentionKind.WORKER_RECORD,
        10 * YEAR,
        _("the last activity on the record or any of its placements and complaints"),
        Action.ANONYMISE,
        _("Protection before, during and after placement (UU 18/2017) and claims that may follow it."),
    ),
    RetentionRule(
        RetentionKind.CLOSED_COMPLAINT,
        5 * YEAR,
        _("the closing of the complaint"),
        Action.ANONYMISE,
        _("Follow-up, appeals and repeat reports about the same agency or recruiter."),
    ),
    RetentionRule(
        RetentionKind.ACCESS_LOG,
        5 * YEAR,
        _("the access"),
        Action.DELETE,
        _("Accountability and breach scoping (UU 27/2022); rows older than this are deleted."),
    ),
    RetentionRule(
        RetentionKind.CHANGE_HISTORY,
        None,
        _("the record it belongs to"),
        Action.FOLLOW,
        _("Personal values in the history are scrubbed when the record itself is anonymised."),
    ),
    RetentionRule(
        RetentionKind.DATA_RIGHTS_REQUEST,
        5 * YEAR,
        _("the closing of the request"),
        Action.ANONYMISE,
        _("Proof that the person's request was answered (UU 27/2022)."),
    ),
    RetentionRule(
        RetentionKind.AGGREGATES,
        None,
        _("not applicable"),
        Action.KEEP,
        _("Counts by region, sex, phase and outcome name nobody."),
    ),
)


def rule(kind: str) -> RetentionRule:
    for candidate in RULES:
        if candidate.kind == kind:
            return candidate
    raise KeyError(kind)
