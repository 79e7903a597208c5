"""Where and how the worker goes: destination policy, visa, exit point."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
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


def _in_force(status: PolicyStatus):
    """Policies of this status for the placement's country on its departure date."""
    return CountryPolicy.objects.filter(
        country_id=OuterRef("destination_country_id"),
        status=status,
        valid_from__lte=OuterRef("departure_date"),
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("departure_date")))


def _covering(policies) -> Q:
    """One of `policies` covers the placement's position (any position, or domestic work and it is domestic)."""
    return Q(Exists(policies.filter(position_category=PositionCategory.ANY))) | (
        Q(position__is_domestic=True)
        & Q(Exists(policies.filter(position_category=PositionCategory.DOMESTIC)))
    )


def inside_special_channel() -> Q:
    """The placement goes the way a special channel in force requires: through an agency on record (one of
    the designated agencies, if the channel has them), in one of the channel's positions (if it lists any),
    with the employer type it requires (if any)."""
    met = (
        _in_force(PolicyStatus.SPECIAL_CHANNEL)
        .filter(Q(employer_type=PolicyEmployerType.ANY) | Q(employer_type=OuterRef("employer_type")))
        .filter(Q(designated_only=False) | Q(designated_agencies=OuterRef("agency_id")))
        .filter(Q(positions__isnull=True) | Q(positions=OuterRef("position_id")))
    )
    return Q(agency__isnull=False) & _covering(met)


# A household employer, or none recorded for domestic work (a household is then the likely employer).
HOUSEHOLD = Q(employer_type=EmployerType.INDIVIDUAL) | Q(employer_type="", position__is_domestic=True)


NP_DESTINATION = Rule(
    code="NP-DESTINATION",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("UU 18/2017 art. 31"),
    title=_("Destination closed to placement"),
    explanation=_(
        "On the departure date the destination country was closed to placement of Indonesian workers."
    ),
    condition=lambda qs: _dated(qs).filter(policy_in_force(PolicyStatus.CLOSED)),
    evidence={"destination_country": "destination_country_id", "departure_date": "departure_date"},
    examples=(
        Example(row={"destination_country": "KH", "job_order_number": "", "position": "OTHER"}),
        # Thailand: one of the countries KP2MI named in April 2025.
        Example(
            name="TH", row={"destination_country": "TH", "job_order_number": "", "position": "HOSPITALITY"}
        ),
    ),
    reads=frozenset({Reads.COUNTRY_POLICY}),
)

NP_MORATORIUM = Rule(
    code="NP-MORATORIUM",
    version=2,  # 2: household employers in any position; no employer type for domestic work counts; channels
    severity=Severity.CRITICAL,
    basis=_("Kepmenaker 260/2015"),
    title=_("Household employer in a moratorium country"),
    explanation=_(
        "No worker may be placed with an individual (household) employer, in any position, in the countries "
        "under the moratorium in force on the departure date. Domestic work with no employer type recorded "
        "counts as household work. Only a special channel that allows it is an exception."
    ),
    condition=lambda qs: (
        _dated(qs)
        .filter(HOUSEHOLD)
        .filter(
            _covering(
                _in_force(PolicyStatus.MORATORIUM).filter(
                    employer_type__in=[PolicyEmployerType.ANY, PolicyEmployerType.INDIVIDUAL]
                )
            )
        )
        .exclude(inside_special_channel())
    ),
    evidence={
        "destination_country": "destination_country_id",
        "position": "position_id",
        "employer_type": "employer_type",
        "household_assumed": ExpressionWrapper(Q(employer_type=""), output_field=BooleanField()),
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
        # Any position: a nurse for a household in Kuwait.
        Example(
            name="NURSE",
            row={
                "destination_country": "KW",
                "position": "NURSE",
                "employer_type": "INDIVIDUAL",
                "job_order_number": "",
            },
        ),  # fmt: skip
        # Domestic work with no employer type recorded counts as household work.
        Example(
            name="NO-EMPLOYER-TYPE",
            row={
                "destination_country": "QA",
                "position": "HOUSEKEEPER",
                "employer_type": "",
                "job_order_number": "",
            },
        ),  # fmt: skip
    ),
    reads=frozenset({Reads.COUNTRY_POLICY, Reads.POSITION_POLICY}),
)

NP_SPECIAL_CHANNEL = Rule(
    code="NP-SPECIAL-CHANNEL",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("Kepmenaker 291/2018; MoU RI-Malaysia 2022"),
    title=_("Outside the special channel the destination requires"),
    explanation=_(
        "This country and position may only be placed through a special channel, and this placement is "
        "outside it: Saudi Arabia's SPSK needs a designated agency, a legal-entity employer and one of its six "
        "positions; Malaysian domestic work goes only through the One Channel System, by an agency."
    ),
    condition=lambda qs: (
        _dated(qs)
        .filter(_covering(_in_force(PolicyStatus.SPECIAL_CHANNEL)))
        .exclude(inside_special_channel())
    ),
    evidence={
        "destination_country": "destination_country_id",
        "position": "position_id",
        "employer_type": "employer_type",
        "agency_licence_number": "agency_licence_number",
        "departure_date": "departure_date",
        "channel": Subquery(_in_force(PolicyStatus.SPECIAL_CHANNEL).order_by("id").values("legal_basis")[:1]),
    },
    examples=(
        # SPSK: a cook for a syarikah, through an agency that is not designated.
        Example(
            row={
                "destination_country": "SA",
                "position": "COOK",
                "job_order_number": "SIP2MI/2026/LPG/0010",
                "departure_date": "2026-06-01",
            }
        ),
        # The One Channel System: Malaysian domestic work with no agency.
        Example(
            name="OCS",
            row={
                "destination_country": "MY",
                "position": "HOUSEKEEPER",
                "scheme": "MANDIRI",
                "agency_licence_number": "",
                "job_order_number": "",
                "recruiter_type": "EMPLOYER",
            },
        ),
    ),  # fmt: skip
    reads=frozenset({Reads.COUNTRY_POLICY, Reads.POSITION_POLICY}),
)

NON_WORK_VISAS = [VisaType.TOURIST, VisaType.VISIT, VisaType.UMRAH, VisaType.STUDENT, VisaType.SELF_EMPLOYED]

NP_VISA = Rule(
    code="NP-VISA",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("UU 18/2017 art. 13"),
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
    basis=_("UU 6/2011 (immigration)"),
    title=_("Left through an unofficial exit point"),
    explanation=_(
        "The worker left Indonesia through a place that is not an official immigration checkpoint."
    ),
    condition=lambda qs: qs.filter(official_exit=False),
    evidence={"exit_point": "exit_point", "official_exit": "official_exit"},
    examples=(Example(row={"exit_point": "Pelabuhan tikus Dumai", "official_exit": "false"}),),
)
