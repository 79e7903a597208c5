"""Who recruited and under which permits: agency, licence, job order, scheme."""

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.utils.translation import gettext_lazy as _

from placements.choices import EmployerType, LicenceEvent, RecruiterType, Scheme
from placements.models import AgencyLicence, Placement, Severity
from placements.rules.base import DayNumber, Example, Reads, Rule

NO_AGENCY = {"agency_licence_number": "", "job_order_number": ""}


def licence_valid_on(date_field: str) -> Q:
    """The agency's licence is valid on the placement's `date_field`: the same reading of the history as
    placements.licences (the latest grant and the latest suspension or lift count, in date then id order)."""
    events = AgencyLicence.objects.filter(
        agency_id=OuterRef("agency_id"), effective_date__lte=OuterRef(date_field)
    )

    def later(kinds):  # an event of `kinds` after the outer one, on or before the date
        return AgencyLicence.objects.filter(
            agency_id=OuterRef("agency_id"),
            event__in=kinds,
            effective_date__lte=OuterRef(OuterRef(date_field)),
        ).filter(
            Q(effective_date__gt=OuterRef("effective_date"))
            | Q(effective_date=OuterRef("effective_date"), id__gt=OuterRef("id"))
        )

    grants = [LicenceEvent.ISSUED, LicenceEvent.RENEWED]
    granted = events.filter(event__in=grants, valid_until__gte=OuterRef(date_field)).exclude(
        Exists(later(grants))
    )
    revoked = events.filter(event=LicenceEvent.REVOKED)
    suspended = (
        events.filter(event=LicenceEvent.SUSPENDED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef(date_field)))
        .exclude(Exists(later([LicenceEvent.SUSPENDED, LicenceEvent.REINSTATED])))
    )
    return Q(Exists(granted)) & ~Q(Exists(revoked)) & ~Q(Exists(suspended))


def _has_licence_record():
    return Exists(AgencyLicence.objects.filter(agency_id=OuterRef("agency_id")))


NP_RECRUITER = Rule(
    code="NP-RECRUITER",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("UU 18/2017 art. 69, art. 81"),
    title=_("Recruited by an individual without an agency"),
    explanation=_(
        "A P to P placement must go through a licensed agency. An individual (calo or sponsor) may never act as "
        "a placement agent: that is a crime."
    ),
    condition=lambda qs: qs.filter(
        scheme=Scheme.P2P, recruiter_type=RecruiterType.INDIVIDUAL, agency__isnull=True
    ),
    evidence={
        "scheme": "scheme",
        "recruiter_type": "recruiter_type",
        "agency_licence_number": "agency_licence_number",
    },
    examples=(
        Example(
            row={
                **NO_AGENCY,
                "recruiter_type": "INDIVIDUAL",
                "recruiter_name": "Pak Darto",
                "recruiter_phone": "081377700001",
            }
        ),
    ),  # fmt: skip
)

NP_AGENCY_UNLICENSED = Rule(
    code="NP-AGENCY-UNLICENSED",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("SIP3MI rules"),
    title=_("Agency without a licence on record"),
    explanation=_(
        "The P to P placement names no agency, or an agency for which no licence (SIP3MI) is on record."
    ),
    condition=lambda qs: qs.filter(scheme=Scheme.P2P).filter(
        Q(agency__isnull=True) | ~Q(_has_licence_record())
    ),
    evidence={"agency_licence_number": "agency_licence_number"},
    examples=(Example(row={"agency_licence_number": "KEP.999/TIDAK/ADA", "job_order_number": ""}),),
    reads=frozenset({Reads.AGENCY}),
)

NP_AGENCY_LICENCE = Rule(
    code="NP-AGENCY-LICENCE",
    version=2,  # 2: reads the licence history exactly as the public check does
    severity=Severity.CRITICAL,
    basis=_("PP 59/2021 art. 35"),
    title=_("Agency licence not valid on the recruitment or departure date"),
    explanation=_(
        "The agency's licence was expired, suspended or revoked on the day the worker was recruited or left."
    ),
    condition=lambda qs: (
        qs.filter(agency__isnull=False)
        .filter(_has_licence_record())
        .filter(
            (Q(recruited_date__isnull=False) & ~licence_valid_on("recruited_date"))
            | (Q(departure_date__isnull=False) & ~licence_valid_on("departure_date"))
        )
    ),
    evidence={
        "agency_licence_number": "agency_licence_number",
        "recruited_date": "recruited_date",
        "departure_date": "departure_date",
    },
    examples=(Example(row={"agency_licence_number": "KEP.033/P3MI/2021", "job_order_number": ""}),),
    reads=frozenset({Reads.AGENCY}),
)


def _job_order_problem(qs):
    # Places are taken in the order workers were recruited; a placement beyond the quota is over it.
    # Ranking needs every placement of a job order, but only of the job orders in question.
    ranked = Placement.objects.filter(
        job_order_id__in=qs.filter(job_order__isnull=False).values("job_order_id")
    ).annotate(
        place=Window(
            RowNumber(),
            partition_by=[F("job_order_id")],
            order_by=[F("recruited_date").asc(nulls_last=True), F("id").asc()],
        )
    )
    over_quota = ranked.filter(place__gt=F("job_order__quota")).values("id")
    another_agencys = Q(job_order__isnull=False) & (
        Q(agency__isnull=True) | ~Q(job_order__agency_id=F("agency_id"))
    )
    return qs.filter(scheme=Scheme.P2P).filter(
        Q(job_order__isnull=True)
        | Q(departure_date__gt=F("job_order__valid_until"))
        | Q(recruited_date__lt=F("job_order__valid_from"))
        | another_agencys
        | Q(id__in=over_quota)
    )


NP_JOBORDER = Rule(
    code="NP-JOBORDER",
    version=2,  # 2: a job order that belongs to another agency
    whole_table=True,
    severity=Severity.HIGH,
    basis=_("SIP2MI rules"),
    title=_("No valid job order of the agency, or its quota is used up"),
    explanation=_(
        "A P to P placement needs a job order (SIP2MI) of its own agency, valid on the departure date, with a "
        "place left in its quota."
    ),
    condition=_job_order_problem,
    evidence={
        "job_order_number": "job_order_number",
        "job_order_valid_until": "job_order__valid_until",
        "job_order_quota": "job_order__quota",
        "departure_date": "departure_date",
        "agency_licence_number": "agency_licence_number",
        "job_order_agency": "job_order__agency__licence_number",
    },
    examples=(
        Example(
            row={
                "job_order_number": "SIP2MI/2024/LPG/0107",
                "agency_licence_number": "KEP.077/PPTKIS/2019",
                "destination_country": "SG",
                "position": "HOSPITALITY",
            }
        ),
        # Another agency's job order: PT Duta Sukadana places on PT Sinar Lampung's Taiwan job order.
        Example(name="OTHER-AGENCY", row={"agency_licence_number": "KEP.214/P3MI/2024"}),
    ),
    reads=frozenset({Reads.JOB_ORDER}),
)

NP_JOBORDER_MISMATCH = Rule(
    code="NP-JOBORDER-MISMATCH",
    version=1,
    severity=Severity.HIGH,
    basis=_("UU 18/2017 art. 82"),
    title=_("Destination or position differs from the job order"),
    explanation=_("The worker goes to another country or another job than the job order allows."),
    condition=lambda qs: qs.filter(job_order__isnull=False).filter(
        ~Q(destination_country_id=F("job_order__country_id")) | ~Q(position_id=F("job_order__position_id"))
    ),
    evidence={
        "destination_country": "destination_country_id",
        "job_order_country": "job_order__country_id",
        "position": "position_id",
        "job_order_position": "job_order__position_id",
    },
    examples=(Example(row={"destination_country": "JP"}),),
    reads=frozenset({Reads.JOB_ORDER}),
)

NP_MANDIRI = Rule(
    code="NP-MANDIRI",
    version=1,
    severity=Severity.HIGH,
    basis=_("Independent placement rules"),
    title=_("Independent placement with an individual employer"),
    explanation=_(
        "An independent (mandiri) placement is allowed only with an employer that is a legal entity."
    ),
    condition=lambda qs: qs.filter(scheme=Scheme.MANDIRI, employer_type=EmployerType.INDIVIDUAL),
    evidence={"scheme": "scheme", "employer_type": "employer_type"},
    examples=(
        Example(
            row={
                **NO_AGENCY,
                "scheme": "MANDIRI",
                "recruiter_type": "EMPLOYER",
                "employer_type": "INDIVIDUAL",
            }
        ),
    ),
)

CLUSTER_SIZE = 5
CLUSTER_DAYS = 30


def _complaints():
    # The complaints app depends on placements: look its model up by name rather than import it.
    return apps.get_model("complaints", "Complaint").objects


def _early_warnings():
    # The village desk reports recruiters too (an early warning naming the recruiter's phone).
    return apps.get_model("village", "EarlyWarning").objects


def _group_members():
    """How many people one recruiter contact (`recruiter_phone`) recruited in one village (`grp_village`)
    within the 30 days from `grp_day`, all of the outer row: the distinct workers of placements without an
    agency, the complaints naming that phone from the village whose worker is not already among them, and
    the village's early warnings naming that phone (one per person they name, or per report naming nobody
    on record) whose worker is not already among them either."""
    window = {"d__gte": OuterRef("grp_day"), "d__lte": OuterRef("grp_day") + (CLUSTER_DAYS - 1)}
    placements = (
        Placement.objects.filter(
            agency__isnull=True,
            recruited_date__isnull=False,
            recruiter_phone=OuterRef("recruiter_phone"),
            worker__domicile_village_id=OuterRef("grp_village"),
        )
        .annotate(d=DayNumber("recruited_date"))
        .filter(**window)
        .order_by()
        .values("recruiter_phone")
        .annotate(n=Count("worker_id", distinct=True))
        .values("n")
    )
    counted = Placement.objects.filter(
        worker_id=OuterRef("worker_id"), recruiter_phone=OuterRef("recruiter_phone"), agency__isnull=True
    )
    complaints = (
        _complaints()
        .filter(recruiter_phone=OuterRef("recruiter_phone"), village_id=OuterRef("grp_village"))
        .exclude(Exists(counted))
        .annotate(d=DayNumber(TruncDate("created_at")))
        .filter(**window)
        .order_by()
        .values("recruiter_phone")
        .annotate(n=Count("id"))
        .values("n")
    )
    warnings = (
        _early_warnings()
        .filter(recruiter_phone=OuterRef("recruiter_phone"), village_id=OuterRef("grp_village"))
        .exclude(Exists(counted))
        .annotate(d=DayNumber("event_date"))
        .filter(**window)
        .order_by()
        .values("recruiter_phone")
        .annotate(n=Count(Coalesce(F("worker_id"), 0 - F("id")), distinct=True))
        .values("n")
    )
    return (
        Coalesce(Subquery(placements[:1]), 0)
        + Coalesce(Subquery(complaints[:1]), 0)
        + Coalesce(Subquery(warnings[:1]), 0)
    )


def _cluster(qs):
    """Placements in a group of 5+ people of one village recruited by one recruiter contact without an
    agency, all within one 30-day window. Windows are anchored on a member's day: a placement's recruitment
    or a complaint's filing or an early warning's date (complaints and the village desk's early warnings
    naming a recruiter phone count as members, domain.md §3). Phones are compared as stored: the entry
    points store them normalised."""
    placement_anchors = (
        Placement.objects.filter(agency__isnull=True, recruited_date__isnull=False)
        .exclude(recruiter_phone="")
        .annotate(grp_village=F("worker__domicile_village_id"), grp_day=DayNumber("recruited_date"))
    )
    complaint_anchors = (
        _complaints()
        .exclude(recruiter_phone="")
        .filter(village__isnull=False)
        .annotate(grp_village=F("village_id"), grp_day=DayNumber(TruncDate("created_at")))
    )
    warning_anchors = (
        _early_warnings()
        .exclude(recruiter_phone="")
        .annotate(grp_village=F("village_id"), grp_day=DayNumber("event_date"))
    )

    def covering(anchors):
        full = anchors.annotate(n=_group_members()).filter(n__gte=CLUSTER_SIZE)
        return Exists(
            full.filter(
                recruiter_phone=OuterRef("recruiter_phone"),
                grp_village=OuterRef("grp_village"),
                grp_day__lte=OuterRef("grp_day"),
                grp_day__gte=OuterRef("grp_day") - (CLUSTER_DAYS - 1),
            )
        )

    return (
        qs.filter(agency__isnull=True, recruited_date__isnull=False)
        .exclude(recruiter_phone="")
        .annotate(grp_village=F("worker__domicile_village_id"), grp_day=DayNumber("recruited_date"))
        .filter(
            Q(covering(placement_anchors)) | Q(covering(complaint_anchors)) | Q(covering(warning_anchors))
        )
    )


NP_CLUSTER = Rule(
    code="NP-CLUSTER",
    version=3,  # 2: complaints naming the recruiter phone count; 3: the village desk's early warnings too
    severity=Severity.MEDIUM,
    basis=_("Recruitment pattern"),
    title=_("Group recruited by one individual without an agency"),
    explanation=_(
        "Five or more workers from one village were recruited by the same recruiter contact within 30 days, "
        "without a licensed agency (complaints and villages' early warnings naming that contact count too)."
    ),
    condition=_cluster,
    evidence={
        "village_code": "worker__domicile_village_id",
        "recruiter_phone": "recruiter_phone",
        "recruited_date": "recruited_date",
    },
    # One recruiter, one village, five workers within a month, no agency.
    examples=(
        Example(
            copies=CLUSTER_SIZE,
            person={"village": "18.07.02.2001"},
            row={
                **NO_AGENCY,
                "recruiter_type": "INDIVIDUAL",
                "recruiter_name": "Bu Sari",
                "recruiter_phone": "081399900002",
                "destination_country": "MY",
                "position": "FARM_WORKER",
                "phase": "PRA",
                "departure_date": "2026-12-20",
            },
            each=lambda n: {"recruited_date": f"2026-07-{3 + n * 5:02d}"},
        ),
    ),  # fmt: skip
    reads=frozenset({Reads.WORKER, Reads.RECRUITER, Reads.COMPLAINTS}),
)
