"""Placements and what hangs off them: cost items and the return record."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from placements.choices import EmployerType, FeeKind, RecruiterType, ReturnReason, Scheme, VisaType
from placements.models.registers import Agency, Country, JobOrder, Position
from portal.identifiers import PhoneField, RegisterNumberField
from workers.choices import Phase
from workers.models import Worker


class PlacementQuerySet(ScopedQuerySet):
    # Officers see the placements of workers domiciled in their office's regions.
    region_field = "worker__domicile_village__code"


class Placement(models.Model):
    """One placement of one worker, as recorded by officers or imported (exchange-format.md)."""

    source = models.CharField(_("source system"), max_length=40, default="portal")
    external_id = models.CharField(_("external id"), max_length=100)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="placements")
    scheme = models.CharField(_("scheme"), max_length=8, choices=Scheme.choices)
    # The numbers as reported, kept even when no agency or job order on record matches them.
    agency_licence_number = RegisterNumberField(_("agency licence number"), max_length=60, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    job_order_number = RegisterNumberField(_("job order number"), max_length=60, blank=True)
    job_order = models.ForeignKey(
        JobOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    recruiter_type = models.CharField(
        _("recruited by"), max_length=10, choices=RecruiterType.choices, blank=True
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
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("position"),
    )
    employer_type = models.CharField(
        _("employer type"), max_length=12, choices=EmployerType.choices, blank=True
    )
    visa_type = models.CharField(_("visa type"), max_length=14, choices=VisaType.choices, blank=True)
    recruited_date = models.DateField(_("recruited on"), null=True, blank=True)
    departure_date = models.DateField(_("departure (planned or actual)"), null=True, blank=True)
    arrival_date = models.DateField(_("arrived on"), null=True, blank=True)
    exit_point = models.CharField(_("exit point"), max_length=100, blank=True)
    official_exit = models.BooleanField(_("official exit point"), null=True, blank=True)
    contract_months = models.PositiveSmallIntegerField(_("contract length (months)"), null=True, blank=True)
    bpjs_valid_from = models.DateField(_("BPJS cover from"), null=True, blank=True)
    bpjs_valid_until = models.DateField(_("BPJS cover until"), null=True, blank=True)
    opp_date = models.DateField(_("pre-departure orientation on"), null=True, blank=True)
    fees_charged_idr = models.PositiveBigIntegerField(_("fees charged (IDR)"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=5, choices=Phase.choices, default=Phase.PRA)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="placement_source_external_id"),
            models.CheckConstraint(
                condition=Q(arrival_date__isnull=True)
                | Q(departure_date__isnull=True)
                | Q(arrival_date__gte=models.F("departure_date")),
                name="placement_arrival_after_departure",
            ),
        ]
        indexes = [
            models.Index(fields=["worker", "id"], name="placement_worker"),
            models.Index(fields=["job_order", "id"], name="placement_job_order"),
            models.Index(fields=["phase", "id"], name="placement_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class FeeItem(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="fee_items")
    kind = models.CharField(_("cost item"), max_length=12, choices=FeeKind.choices)
    amount_idr = models.PositiveBigIntegerField(_("amount (IDR)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_idr}"


class ReturnRecord(models.Model):
    """The return of a placement (purna): when, why, and which reintegration services followed."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="return_record")
    return_date = models.DateField(_("returned on"))
    reason = models.CharField(_("reason"), max_length=16, choices=ReturnReason.choices)
    reintegration_services = models.TextField(
        _("reintegration services"),
        blank=True,
        help_text=_("Training, business support, counselling, health care..."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")

    def __str__(self) -> str:
        return f"{self.placement} {self.return_date} {self.reason}"
