"""Outreach (sosialisasi) on safe migration, recorded per village by BP3MI officers.

An event holds counts only, never a participant's name: outreach is reported as aggregates.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.scoping import ScopedQuerySet
from regions.models import Village


class Topic(models.TextChoices):
    SAFE_MIGRATION = "SAFE_MIGRATION", _("Safe and procedural migration")
    RIGHTS = "RIGHTS", _("Workers' rights and zero-cost positions")
    ILLEGAL_RECRUITMENT = "ILLEGAL_RECRUITMENT", _("Illegal recruiters and trafficking")
    DOCUMENTS = "DOCUMENTS", _("Documents and the legal route")
    REINTEGRATION = "REINTEGRATION", _("Return and reintegration")
    OTHER = "OTHER", _("Other")


class OutreachStatus(models.TextChoices):
    # A village asked for a session (the village desk); an officer turns it into a held event by
    # recording its date and head counts. Only held events count in the DPRD figures.
    REQUESTED = "REQUESTED", _("Requested by the village")
    HELD = "HELD", _("Held")


class OutreachEventQuerySet(ScopedQuerySet):
    region_field = "village__code"


class OutreachEvent(models.Model):
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    event_date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    partners = models.CharField(
        _("partners"),
        max_length=300,
        blank=True,
        help_text=_("Other bodies taking part, separated by commas."),
    )
    participants_male = models.PositiveIntegerField(_("male participants"), default=0)
    participants_female = models.PositiveIntegerField(_("female participants"), default=0)
    prospective_workers = models.PositiveIntegerField(
        _("prospective workers among them"), default=0, help_text=_("Participants planning to work abroad.")
    )
    # A database default too: rows written in bulk (imports, the benchmarks' SQL) are events held.
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutreachStatus.choices,
        default=OutreachStatus.HELD,
        db_default=OutreachStatus.HELD,
    )
    preferred_from = models.DateField(_("preferred from"), null=True, blank=True)
    preferred_until = models.DateField(_("preferred until"), null=True, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    materials = models.TextField(_("materials handed out"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("office")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OutreachEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        indexes = [
            models.Index(fields=["village", "event_date"], name="outreach_village_date"),
            # The register's queue of sessions villages asked for.
            models.Index(
                fields=["village", "id"], name="outreach_requested", condition=Q(status="REQUESTED")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(prospective_workers__lte=F("participants_male") + F("participants_female")),
                name="outreach_prospective_within_participants",
                violation_error_message=_(
                    "Prospective workers cannot be more than the participants (men and women together)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(preferred_until__isnull=True)
                | Q(preferred_from__isnull=True)
                | Q(preferred_until__gte=F("preferred_from")),
                name="outreach_preferred_dates_in_order",
                violation_error_message=_("The last preferred date cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_date:%Y-%m-%d} {self.village_id} {self.get_topic_display()}"

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female
