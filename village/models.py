"""The village desk's own records (UU 18/2017 art. 42): what a village government reports to BP3MI."""

import secrets

from django.conf import settings
from django.contrib.auth.models import User, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from placements.models import Country, Placement
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


class AcknowledgementQuerySet(ScopedQuerySet):
    region_field = "worker__domicile_village__code"


def acknowledgement_scan_path(instance, filename: str) -> str:
    # A random name: the uploaded file's name may itself be personal.
    return f"village/{instance.worker_id}/{secrets.token_hex(16)}"


class Acknowledgement(models.Model):
    """What a village officer recorded for a registration (UU 18/2017 art. 13 and 42): the domicile
    verified, and the family permission letter acknowledged by the village head (date, signatory, an
    optional scan kept in private storage). Append-only: a correction is a new row. The family-permission
    document's `acknowledged_village` is set from it, and NP-PERMISSION-VILLAGE reads that."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="village_acknowledgements", verbose_name=_("resident")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    domicile_verified = models.BooleanField(_("domicile verified"))
    acknowledged_on = models.DateField(_("acknowledged on"))
    signatory_name = models.CharField(_("signed by"), max_length=150)
    scan = models.FileField(_("scan"), upload_to=acknowledgement_scan_path, blank=True)
    scan_content_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("village acknowledgement")
        verbose_name_plural = _("village acknowledgements")
        indexes = [models.Index(fields=["worker", "id"], name="acknowledgement_worker")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.acknowledged_on:%Y-%m-%d} {self.signatory_name}"


class VillageOfficerManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(groups__name="VILLAGE_OFFICER")


class VillageOfficer(User):
    """A user with the VILLAGE_OFFICER role, as the BP3MI admin or supervisor who creates them sees one."""

    objects = VillageOfficerManager()  # type: ignore[misc]

    class Meta:
        proxy = True
        verbose_name = _("village officer")
        verbose_name_plural = _("village officers")


class MovementKind(models.TextChoices):
    DEPARTURE = "DEPARTURE", _("Departure")
    RETURN = "RETURN", _("Return")


class ReturnCondition(models.TextChoices):
    WELL = "WELL", _("Well")
    ILL = "ILL", _("Ill")
    DECEASED = "DECEASED", _("Deceased")
    DEPORTED = "DEPORTED", _("Deported")


class ProposalStatus(models.TextChoices):
    PENDING = "PENDING", _("Waiting for BP3MI")
    CONFIRMED = "CONFIRMED", _("Confirmed")
    REJECTED = "REJECTED", _("Rejected")


class MovementProposalQuerySet(ScopedQuerySet):
    region_field = "placement__worker__domicile_village__code"


class MovementProposal(models.Model):
    """A departure or a return the village learned of (UU 18/2017 art. 42: watch departures and returns).
    It changes nothing by itself: a BP3MI officer confirms it, and the confirmation records the departure
    or the return through the placements services, or rejects it with a reason."""

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="+", verbose_name=_("placement")
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=MovementKind.choices)
    event_date = models.DateField(_("date"))
    destination_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination"),
    )
    condition = models.CharField(
        _("condition on return"), max_length=10, choices=ReturnCondition.choices, blank=True
    )
    note = models.TextField(_("what the village knows"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = MovementProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("departure or return reported by a village")
        verbose_name_plural = _("departures and returns reported by villages")
        indexes = [
            # The officers' queue: what waits for a decision, oldest first.
            models.Index(
                fields=["reported_at", "id"],
                name="movement_pending",
                condition=Q(status="PENDING"),
            ),
            models.Index(fields=["placement", "id"], name="movement_placement"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="DEPARTURE", condition="")
                | Q(kind="RETURN", destination_country__isnull=True),
                name="movement_fields_match_kind",
                violation_error_message=_("A departure has a destination; a return has a condition."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="RETURN") | ~Q(condition=""),
                name="movement_return_has_condition",
                violation_error_message=_("Say how the worker came back: well, ill, deceased or deported."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.placement_id} {self.event_date:%Y-%m-%d}"
