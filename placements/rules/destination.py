"""Where and how the worker goes: destination policy, visa, exit point."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from placements.choices import EmployerType, PolicyEmployerType, PolicyStatus, PositionCategory, VisaType
from placements.models import CountryPolicy, Severity
from placements.rules.base import Example, Reads, Rule


def policy_in_force(status: PolicyStatus) -> Q:
    """A policy of this status covers the placement's country, position and employer on its departure
    date. Policy data is read as of that date: rows carry their own validity."""
    policies = (
        CountryPolicy.objects.filter(
            country_id=OuterRef("destination_country_id"),
            status=status,
            valid_from__lte=OuterRef("departure_date"),
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("departure_date")))
        .filter(Q(employer_type=PolicyEmployerType.ANY) | Q(employer_type=OuterRef("employer_type")))
    )
    any_position = Exists(policies.filter(position_category=PositionCategory.ANY))
    domestic = Exists(policies.filter(position_category=PositionCategory.DOMESTIC))
    return Q(any_position) | (Q(position__is_domestic=True) & Q(domestic))


def _dated(qs):
    return qs.filter(departure_date__isnull=False, destination_country__isnull=False)


NP_DESTINATION = Rule(
    code="NP-DESTINATION",
    version=1,
    severity=Severity.CRITICAL,
    basis="UU 18/2017 art. 31",
    title=_("Destination closed to placement"),
    explanation=_(
        "On the departure date the destination country was closed to placement of Indonesian workers."
    ),
    condition=lambda qs: _dated(qs).filter(policy_in_force(PolicyStatus.CLOSED)),
    evidence={"destination_country": "destination_country_id", "departure_date": "departure_date"},
    examples=(Example(row={"destination_country": "KH", "job_order_number": "", "position": "OTHER"}),),
    reads=frozenset({Reads.COUNTRY_POLICY}),
)

NP_MORATORIUM = Rule(
    code="NP-MORATORIUM",
    version=1,
    severity=Severity.CRITICAL,
    basis="Kepmenaker 260/2015",
    title=_("Domestic work for a household in a moratorium country"),
    explanation=_(
        "Domestic workers may not be placed with individual employers in the countries under the moratorium "
        "in force on the departure date."
    ),
    condition=lambda qs: (
        _dated(qs)
        .filter(position__is_domestic=True, employer_type=EmployerType.INDIVIDUAL)
        .filter(policy_in_force(PolicyStatus.MORATORIUM))
    ),
    evidence={
        "destination_country": "destination_country_id",
        "position": "position_id",
        "employer_type": "employer_type",
        "departure_date": "departure_date",
    },
    examples=(
        Example(
            row={
                "destination_country": "SA",
                "position": "HOUSEKEEPER",
                "employer_type": "INDIVIDUAL",
                "job_order_number": "",
                "departure_date": "2026-06-01",
            }
        ),
    ),  # fmt: skip
    reads=frozenset({Reads.COUNTRY_POLICY, Reads.POSITION_POLICY}),
)

NON_WORK_VISAS = [VisaType.TOURIST, VisaType.VISIT, VisaType.UMRAH, VisaType.STUDENT, VisaType.SELF_EMPLOYED]

NP_VISA = Rule(
    code="NP-VISA",
    version=1,
    severity=Severity.CRITICAL,
    basis="UU 18/2017 art. 13",
    title=_("Not a work visa"),
    explanation=_(
        "Working abroad needs a work visa. Tourist, visit, umrah, student or self-employed visas are a sign of "
        "trafficking."
    ),
    condition=lambda qs: qs.filter(visa_type__in=NON_WORK_VISAS),
    evidence={"visa_type": "visa_type"},
    examples=(Example(row={"visa_type": "TOURIST"}),),
)

NP_EXIT = Rule(
    code="NP-EXIT",
    version=1,
    severity=Severity.CRITICAL,
    basis="UU 6/2011 (immigration)",
    title=_("Left through an unofficial exit point"),
    explanation=_(
        "The worker left Indonesia through a place that is not an official immigration checkpoint."
    ),
    condition=lambda qs: qs.filter(official_exit=False),
    evidence={"exit_point": "exit_point", "official_exit": "official_exit"},
    examples=(Example(row={"exit_point": "Pelabuhan tikus Dumai", "official_exit": "false"}),),
)
