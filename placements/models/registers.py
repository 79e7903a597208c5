"""The registers officers keep: countries and their policies, positions, agencies, licences, job orders."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from placements.choices import EmployerType, LicenceEvent, PolicyEmployerType, PolicyStatus, PositionCategory
from portal.identifiers import PhoneField, RegisterNumberField
from workers.choices import PositionCode
from workers.countries import country_name


class Country(models.Model):
    """ISO 3166-1 alpha-2."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.localized_name} ({self.code})"

    @property
    def localized_name(self) -> str:
        """The name in the reader's language; `name` keeps the register's English name."""
        return country_name(self.code, default=self.name)


class Position(models.Model):
    """A position code of the exchange format; which ones are domestic or zero-cost is policy data."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=PositionCode.choices)
    is_domestic = models.BooleanField(_("domestic (household) work"), default=False)
    is_zero_cost = models.BooleanField(_("zero placement cost"), default=False)
    # Zero cost applies to departures within these dates (Perban BP2MI 9/2020 applied from 15 July 2021).
    zero_cost_from = models.DateField(_("zero cost from"), null=True, blank=True)
    zero_cost_until = models.DateField(_("zero cost until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        # get_code_display() would translate every position's label to find this one: a list page of
        # placements names a position on each row.
        try:
            return str(PositionCode(self.code).label)
        except ValueError:
            return self.code


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
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where this row comes from, and what sources disagree on.")
    )
    note = models.TextField(_("note"), blank=True)
    # A special channel says how placements it covers must go: in one of `positions` (none listed: any
    # position it covers), with an employer of `employer_type` (any: no condition), through an agency on
    # record, and with `designated_only` through one of `designated_agencies`.
    positions = models.ManyToManyField(
        Position, blank=True, related_name="+", verbose_name=_("positions of the channel")
    )
    designated_only = models.BooleanField(_("designated agencies only"), default=False)
    designated_agencies: "models.ManyToManyField[Agency, Any]" = models.ManyToManyField(
        "Agency", blank=True, related_name="special_channels", verbose_name=_("designated agencies")
    )
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
    licence_number = RegisterNumberField(_("licence number (SIP3MI)"), max_length=60, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = PhoneField(_("phone"), max_length=40, blank=True)
    # Where its head office is: the public register filters by it (a person looks near home first).
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
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

    number = RegisterNumberField(_("job order number (SIP2MI)"), max_length=60, unique=True)
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
