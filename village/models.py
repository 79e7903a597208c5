"""The village desk's own records (UU 18/2017 art. 42): what a village government reports to BP3MI."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from placements.models import Country
from portal.identifiers import PhoneField
from regions.models import Village
from workers.models import Channel, Worker


class WarningKind(models.TextChoices):
    LEAVING = "LEAVING", _("A villager is about to leave outside the legal route")
    LEFT = "LEFT", _("A villager has left outside the legal route")
    RECRUITER = "RECRUITER", _("A recruiter is active in the village")


class WarningStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("Received")
    IN_REVIEW = "IN_REVIEW", _("Being followed up")
    CLOSED = "CLOSED", _("Closed")


class EarlyWarningQuerySet(ScopedQuerySet):
    # BP3MI officers by their regions, village officers by their villages.
    region_field = "village__code"


class EarlyWarning(models.Model):
    """An early warning (laporan dini) from a village: a person about to leave or gone outside the legal
    route, or a recruiter at work. An indicator for the BP3MI officer to follow up, never a verdict."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=WarningKind.choices)
    worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_warnings",
        verbose_name=_("registered resident"),
    )
    person_name = models.CharField(
        _("name of the person"),
        max_length=150,
        blank=True,
        help_text=_("When the person is not registered on the portal."),
    )
    recruiter_name = models.CharField(_("recruiter name"), max_length=150, blank=True)
    recruiter_phone = PhoneField(_("recruiter phone"), max_length=30, blank=True)
    destination_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination"),
    )
    event_date = models.DateField(
        _("date"), help_text=_("When the person left or will leave, or the recruiter came.")
    )
    offered = models.TextField(_("what was offered"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WarningStatus.choices, default=WarningStatus.RECEIVED
    )
    officer_note = models.TextField(_("officer's note"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        indexes = [
            models.Index(fields=["status", "id"], name="earlywarning_status_id"),
            models.Index(fields=["recruiter_phone", "village"], name="earlywarning_phone_village"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.get_kind_display()} {self.event_date:%Y-%m-%d}"
