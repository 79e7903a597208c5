"""Flags: indicators of a non-procedural placement for an officer to review, never a verdict."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from placements.models.placement import Placement


class Severity(models.TextChoices):
    CRITICAL = "C", _("Critical: probable crime")
    HIGH = "H", _("High: must be fixed before departure")
    MEDIUM = "M", _("Medium: investigate")
    LOW = "L", _("Low: data quality")


class FlagStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    CONFIRMED = "CONFIRMED", _("Confirmed")
    DISMISSED = "DISMISSED", _("Dismissed")
    RESOLVED = "RESOLVED", _("Resolved")


# The review queue's order: critical first. An expression, not the letters (C, H, L, M sort wrongly), so
# the partial index `flag_open_queue` is built on this very expression for the queue to use it.
SEVERITY_ORDER = Case(
    When(severity="C", then=Value(0)),
    When(severity="H", then=Value(1)),
    When(severity="M", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


class FlagQuerySet(ScopedQuerySet):
    region_field = "placement__worker__domicile_village__code"


class Flag(models.Model):
    """One rule holding for one placement. Written only by the rule engine and the review services."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(_("rule"), max_length=24)
    rule_version = models.PositiveSmallIntegerField(_("rule version"))
    severity = models.CharField(_("severity"), max_length=1, choices=Severity.choices)
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=12, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["placement", "rule"], name="flag_one_per_placement_rule")
        ]
        indexes = [
            # The review queue: open flags by severity, then oldest first.
            models.Index(fields=["status", "severity", "first_seen_at"], name="flag_queue"),
            models.Index(fields=["rule", "status"], name="flag_rule_status"),
            # The queue's page order itself (severity rank, age, id) over open flags: page 1 reads 50 rows
            # of the index instead of sorting every open flag.
            models.Index(
                SEVERITY_ORDER,
                F("first_seen_at"),
                F("id"),
                condition=Q(status="OPEN"),
                name="flag_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return _("%(rule)s on placement %(placement)s (%(status)s)") % {
            "rule": self.rule,
            "placement": self.placement_id,
            "status": self.get_status_display(),
        }


class FlagDecision(models.TextChoices):
    CONFIRM = "CONFIRM", _("Confirmed")
    DISMISS = "DISMISS", _("Dismissed")
    REFER = "REFER", _("Referred")


class ReferralTarget(models.TextChoices):
    POLICE = "POLICE", _("Police")
    IMMIGRATION = "IMMIGRATION", _("Immigration")
    DISNAKER = "DISNAKER", _("Manpower office (Disnaker)")


class FlagReview(models.Model):
    """An officer's decision on a flag, with the evidence as it stood. Append-only."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=8, choices=FlagDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    referred_to = models.CharField(
        _("referred to"), max_length=12, choices=ReferralTarget.choices, blank=True
    )
    evidence = models.JSONField(_("evidence at the time"), default=dict)

    class Meta:
        verbose_name = _("flag review")
        verbose_name_plural = _("flag reviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="DISMISS") | ~Q(reason=""), name="flagreview_dismiss_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(decision="REFER") | ~Q(referred_to=""), name="flagreview_refer_has_target"
            ),
        ]

    def __str__(self) -> str:
        return _("%(flag)s %(decision)s by %(reviewer)s") % {
            "flag": self.flag_id,
            "decision": self.get_decision_display(),
            "reviewer": self.reviewer_id,
        }


class RuleRun(models.Model):
    """The version of each rule that last swept every placement: a newer version in code means re-sweep."""

    code = models.CharField(max_length=24, primary_key=True)
    version = models.PositiveSmallIntegerField()
    swept_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rule run")
        verbose_name_plural = _("rule runs")

    def __str__(self) -> str:
        return f"{self.code} v{self.version} at {self.swept_at:%Y-%m-%d %H:%M}"
