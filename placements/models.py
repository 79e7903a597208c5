from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from placements.choices import (
    EmployerType,
    FeeKind,
    LicenceEvent,
    PolicyEmployerType,
    PolicyStatus,
    PositionCategory,
    RecruiterType,
    ReturnReason,
    Scheme,
    VisaType,
)
from workers.choices import Phase, PositionCode
from workers.models import Worker


class Country(models.Model):
    """ISO 3166-1 alpha-2."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Position(models.Model):
    """A position code of the exchange format; which ones are domestic or zero-cost is policy data."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=PositionCode.choices)
    is_domestic = models.BooleanField(_("domestic (household) work"), default=False)
    is_zero_cost = models.BooleanField(_("zero placement cost"), default=False)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return str(self.get_code_display())


class CountryPolicy(models.Model):
    """An effective-dated rule on placing workers in a country (policy data: rows are never deleted;
    a rule ends by getting a `valid_until`)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="policies")
    status = models.CharField(_("status"), max_length=16, choices=PolicyStatus.choices)
    position_category = models.CharField(
        _("positions"), max_length=10, choices=PositionCategory.choices, default=PositionCategory.ANY
    )
    employer_type = models.CharField(
        _("employers"), max_length=12, choices=PolicyEmployerType.choices, default=PolicyEmployerType.ANY
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("country policy")
        verbose_name_plural = _("country policies")
        indexes = [models.Index(fields=["country", "valid_from"], name="policy_country_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="policy_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.country_id} {self.status} {self.position_category}/{self.employer_type} {self.valid_from}"
        )


class Agency(models.Model):
    """A P3MI. `licence_number` is its SIP3MI number, the key by which the public looks it up."""

    name = models.CharField(_("name"), max_length=200)
    licence_number = models.CharField(_("licence number (SIP3MI)"), max_length=60, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency (P3MI)")
        verbose_name_plural = _("agencies (P3MI)")
        indexes = [models.Index(fields=["name"], name="agency_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"


class AgencyLicence(models.Model):
    """One event in an agency's licence history; the status on any date is derived from these."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="licence_events")
    event = models.CharField(_("event"), max_length=10, choices=LicenceEvent.choices)
    effective_date = models.DateField(_("effective from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "For an issue or renewal: the last day of validity. For a suspension: its last day, if known."
        ),
    )
    basis = models.CharField(_("basis (decree number)"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("licence event")
        verbose_name_plural = _("licence history")
        indexes = [models.Index(fields=["agency", "effective_date", "id"], name="licence_agency_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(event__in=["ISSUED", "RENEWED"]) | Q(valid_until__isnull=False),
                name="licence_grant_has_end",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("effective_date")),
                name="licence_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.event} {self.effective_date}"


class JobOrder(models.Model):
    """A SIP2MI recruitment permit: one destination, one position, a quota and a validity."""

    number = models.CharField(_("job order number (SIP2MI)"), max_length=60, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="job_orders")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    employer_type = models.CharField(
        _("employer type"), max_length=12, choices=EmployerType.choices, default=EmployerType.LEGAL_ENTITY
    )
    quota = models.PositiveIntegerField(_("quota"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job order (SIP2MI)")
        verbose_name_plural = _("job orders (SIP2MI)")
        indexes = [models.Index(fields=["agency", "valid_until"], name="joborder_agency_until")]
        constraints = [
            models.CheckConstraint(condition=Q(quota__gt=0), name="joborder_quota_positive"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="joborder_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number


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
    agency_licence_number = models.CharField(_("agency licence number"), max_length=60, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    job_order_number = models.CharField(_("job order number"), max_length=60, blank=True)
    job_order = models.ForeignKey(
        JobOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    recruiter_type = models.CharField(
        _("recruited by"), max_length=10, choices=RecruiterType.choices, blank=True
    )
    recruiter_name = models.CharField(_("recruiter name"), max_length=150, blank=True)
    recruiter_phone = models.CharField(_("recruiter phone"), max_length=30, blank=True)
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
    bpjs_valid_until = models.DateField(_("BPJS cover until"), null=True, blank=True)
    opp_date = models.DateField(_("pre-departure orientation on"), null=True, blank=True)
    fees_charged_idr = models.PositiveBigIntegerField(_("fees charged (IDR)"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=5, choices=Phase.choices, default=Phase.PRA)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PlacementQuerySet.as_manager()

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
