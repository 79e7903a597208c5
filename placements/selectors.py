import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import person_get
from accounts.models import AccessAction
from placements.choices import (
    POSITION_ALIASES,
    LicenceStatus,
    PolicyEmployerType,
    PolicyStatus,
    PositionCategory,
)
from placements.licences import LicenceState, licence_state
from placements.models import (
    Agency,
    AgencyLicence,
    CountryPolicy,
    Flag,
    FlagStatus,
    JobOrder,
    Placement,
    Severity,
)
from placements.rules import RULES, Rule
from placements.rules.base import PLACEMENT, SOURCES, Source
from portal.identifiers import register_number_normalise

# The one definition of "quota used": placements recorded against the job order.
QUOTA_USED = Count("placements", distinct=True)


def agency_licence_on(*, agency: Agency, on: datetime.date | None = None) -> LicenceState:
    """The agency's licence status on a date (today by default). Uses prefetched events when present."""
    on = on or timezone.localdate()
    events = getattr(agency, "licence_history", None)
    if events is None:
        events = agency.licence_events.order_by("effective_date", "id")
    return licence_state(events, on)


def agencies_with_history(queryset: QuerySet[Agency]) -> QuerySet[Agency]:
    return queryset.select_related("province").prefetch_related(
        Prefetch(
            "licence_events",
            queryset=AgencyLicence.objects.order_by("effective_date", "id"),
            to_attr="licence_history",
        )
    )


def agency_search(*, query: str, limit: int = 20) -> list[Agency]:
    """Agencies whose name contains `query` or whose licence number equals it, with licence history."""
    query = query.strip()
    if len(query) < 2:
        return []
    matches = Agency.objects.filter(
        Q(name__icontains=query) | Q(licence_number__iexact=register_number_normalise(query))
    )
    return list(agencies_with_history(matches).order_by("name", "id")[:limit])


def agency_get_by_licence(*, licence_number: str) -> Agency:
    try:
        return agencies_with_history(Agency.objects.all()).get(
            licence_number__iexact=register_number_normalise(licence_number)
        )
    except Agency.DoesNotExist as exc:
        raise Http404 from exc


def job_orders_with_usage(queryset: QuerySet[JobOrder] | None = None) -> QuerySet[JobOrder]:
    """Job orders annotated with `quota_used`, with agency, country and position loaded."""
    queryset = queryset if queryset is not None else JobOrder.objects.all()
    return queryset.select_related("agency", "country", "position").annotate(quota_used=QUOTA_USED)


def job_order_quota_used(*, job_order: JobOrder) -> int:
    usage = job_orders_with_usage(JobOrder.objects.filter(pk=job_order.pk))
    # `quota_used` is an annotation the stubs cannot see (misc), so they also type its value as Any.
    return usage.values_list("quota_used", flat=True).get()  # type: ignore[misc,no-any-return]


def job_order_get_by_number(*, number: str) -> JobOrder:
    try:
        return job_orders_with_usage(
            JobOrder.objects.filter(number__iexact=register_number_normalise(number))
        ).get()
    except JobOrder.DoesNotExist as exc:
        raise Http404 from exc


def agency_active_job_orders(*, agency: Agency, on: datetime.date | None = None) -> list[JobOrder]:
    on = on or timezone.localdate()
    active = JobOrder.objects.filter(agency=agency, valid_from__lte=on, valid_until__gte=on)
    return list(job_orders_with_usage(active).order_by("valid_until", "id"))


def policies_on(*, country_code: str, on: datetime.date) -> list[CountryPolicy]:
    """The policies in force for a country on a date."""
    return list(
        CountryPolicy.objects.filter(country_id=country_code, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("valid_from", "id")
    )


def placement_list(*, user: User | AnonymousUser) -> QuerySet[Placement]:
    return (
        Placement.objects.visible_to(user)
        .select_related("worker", "agency", "job_order", "destination_country", "position")
        .order_by("-id")
    )


# What PlacementSerializer returns: the placement's own columns and two of its worker's.
PLACEMENT_API_FIELDS = (
    "id", "source", "external_id", "scheme", "agency_licence_number", "job_order_number", "recruiter_type",
    "destination_country_id", "position_id", "employer_type", "visa_type", "recruited_date", "departure_date",
    "arrival_date", "official_exit", "contract_months", "bpjs_valid_from", "bpjs_valid_until", "opp_date",
    "fees_charged_idr", "phase", "updated_at", "worker__registration_number", "worker__domicile_village_id",
)  # fmt: skip


def placement_api_list(*, user: User | AnonymousUser) -> QuerySet[Placement]:
    """The staff API's page: only the serialised columns, one join (the worker), no related row in full."""
    return (
        Placement.objects.visible_to(user)
        .select_related("worker")
        .only(*PLACEMENT_API_FIELDS)
        .order_by("-id")
    )


def placement_get(*, request: HttpRequest, pk: object, action: AccessAction = AccessAction.VIEW) -> Placement:
    """One placement the user may see, logged under its worker; or 404."""
    queryset = Placement.objects.select_related(
        "worker", "agency", "job_order", "destination_country", "position"
    )
    return person_get(queryset, request=request, pk=pk, action=action)


def job_order_state(*, job_order: JobOrder, on: datetime.date | None = None) -> str:
    """NOT_YET, EXPIRED, FULL or OPEN on a date; needs `quota_used` (see job_orders_with_usage)."""
    on = on or timezone.localdate()
    if on < job_order.valid_from:
        return "NOT_YET"
    if on > job_order.valid_until:
        return "EXPIRED"
    if job_order.quota_used >= job_order.quota:  # type: ignore[attr-defined]
        return "FULL"
    return "OPEN"


def _sources(rule: Rule) -> list[Source]:
    return [PLACEMENT, *(SOURCES[name] for name in sorted(rule.reads))]


def affected_batches(**affected: Iterable[object]) -> list[tuple[list[int], list[str]]]:
    """(placement ids, rule codes) to evaluate after a change. `affected` names what changed with the
    keywords of base.SOURCES (placement_ids, worker_ids, agency_ids, job_order_ids, country_codes,
    position_codes, recruiter_phones); each rule is evaluated for the placements that the changes it
    reads affect, so a new closure re-runs only the rules that read country policies."""
    unknown = set(affected) - {PLACEMENT.key, *(source.key for source in SOURCES.values())}
    if unknown:
        raise TypeError(f"unknown kinds of change: {', '.join(sorted(unknown))}")
    changed = {key: list(values) for key, values in affected.items() if values}
    by_sources: dict[tuple[str, ...], list[str]] = {}
    for code, rule in RULES.items():
        keys = tuple(sorted({source.key for source in _sources(rule) if source.key in changed}))
        if keys:
            by_sources.setdefault(keys, []).append(code)
    batches = []
    for keys, codes in by_sources.items():
        query = Q(pk__in=[])
        for source in {source.key: source for rule in codes for source in _sources(RULES[rule])}.values():
            if source.key in keys:
                query |= source.placements(changed[source.key])
        ids = list(Placement.objects.filter(query).order_by("id").values_list("id", flat=True))
        if ids:
            batches.append((ids, codes))
    return batches


def flag_open_counts(*, user: User) -> dict[str, int]:
    """Open flags in the user's scope per severity code (C, H, M, L), in one aggregate query."""
    counts = Flag.objects.visible_to(user).aggregate(
        **{code: Count("id", filter=Q(status=FlagStatus.OPEN, severity=code)) for code in Severity.values}
    )
    return {code: counts[code] for code in Severity.values}


def policies_in_force(*, on: datetime.date | None = None) -> list[CountryPolicy]:
    """Every country policy in force on a date (today by default), for all countries in one query."""
    on = on or timezone.localdate()
    return list(
        CountryPolicy.objects.filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("country_id", "valid_from", "id")
    )


def _policy_covers(policy: CountryPolicy, job_order: JobOrder) -> bool:
    # The same reading as the destination rules: a DOMESTIC policy covers domestic positions only, and
    # an employer-specific one only that kind of employer.
    return (
        policy.country_id == job_order.country_id
        and (policy.position_category == PositionCategory.ANY or job_order.position.is_domestic)
        and (
            policy.employer_type == PolicyEmployerType.ANY or policy.employer_type == job_order.employer_type
        )
    )


def policies_blocking_q(policies: list[CountryPolicy]) -> Q:
    """A filter matching job orders that any of `policies` covers (nothing when there are none)."""
    blocked = Q(pk__in=[])
    for policy in policies:
        covers = Q(country_id=policy.country_id)
        if policy.position_category != PositionCategory.ANY:
            covers &= Q(position__is_domestic=True)
        if policy.employer_type != PolicyEmployerType.ANY:
            covers &= Q(employer_type=policy.employer_type)
        blocked |= covers
    return blocked


@dataclass(frozen=True)
class JobOrderProblem:
    code: str  # NOT_YET, EXPIRED, LICENCE, FULL, CLOSED, MORATORIUM, SPECIAL_CHANNEL
    message: str


def job_order_problems(
    *,
    job_order: JobOrder,
    licence: LicenceState,
    policies: list[CountryPolicy],
    on: datetime.date | None = None,
) -> list[JobOrderProblem]:
    """Every reason the job order cannot be used on a date, in the order a person should read them;
    empty when it can be used. Needs `quota_used` and the position loaded (see job_orders_with_usage);
    `policies` are those in force (see policies_in_force)."""
    on = on or timezone.localdate()
    problems = []
    state = job_order_state(job_order=job_order, on=on)
    if state == "NOT_YET":
        problems.append(JobOrderProblem("NOT_YET", _("This job order is not valid yet.")))
    elif state == "EXPIRED":
        problems.append(JobOrderProblem("EXPIRED", _("This job order has expired. Do not pay for it.")))
    if licence.status != LicenceStatus.VALID:
        problems.append(
            JobOrderProblem(
                "LICENCE",
                _(
                    "Without a valid licence this agency may not place anyone, whatever job orders it shows you."
                ),
            )
        )
    if job_order.quota_used >= job_order.quota:  # type: ignore[attr-defined]
        problems.append(
            JobOrderProblem(
                "FULL",
                _("Quota full: no places left. Anyone still recruiting for it is not following the rules."),
            )
        )
    messages: dict[str, str] = {
        PolicyStatus.CLOSED: _(
            "The destination country is closed to placement of Indonesian workers (%(basis)s)."
        ),
        PolicyStatus.MORATORIUM: _(
            "Domestic work for household employers in this country is stopped by a moratorium (%(basis)s)."
        ),
        PolicyStatus.SPECIAL_CHANNEL: _(
            "This work in this country is allowed only through a special government channel (%(basis)s), "
            "not through an ordinary job order."
        ),
    }
    seen = set()
    for policy in policies:
        if policy.status in messages and policy.status not in seen and _policy_covers(policy, job_order):
            seen.add(policy.status)
            problems.append(
                JobOrderProblem(policy.status, messages[policy.status] % {"basis": policy.legal_basis})
            )
    return problems


# --- The public registers (/cek-p3mi/ and /cek-job-order/ with no query) ---------------------------
# Licence status is derived from the event history in Python (placements.licences, the one place for
# it), so the registers read every licence event in one query and filter on the result: a constant
# number of queries per page, and a register of a few thousand agencies stays small in memory.


def agency_register(
    *, status: str = LicenceStatus.VALID, province_code: str = "", on: datetime.date | None = None
) -> list[tuple[Agency, LicenceState]]:
    """Agencies with their licence state on a date, by name; `status` "" means every status."""
    on = on or timezone.localdate()
    agencies = Agency.objects.all()
    if province_code:
        agencies = agencies.filter(province_id=province_code)
    rows = [
        (a, agency_licence_on(agency=a, on=on))
        for a in agencies_with_history(agencies).order_by("name", "id")
    ]
    return [row for row in rows if not status or row[1].status == status]


def agencies_licensed_on(*, on: datetime.date | None = None) -> set[int]:
    """Ids of the agencies whose licence is valid on a date (one query over the licence history)."""
    on = on or timezone.localdate()
    history: dict[int, list[AgencyLicence]] = {}
    for event in AgencyLicence.objects.filter(effective_date__lte=on).order_by(
        "agency_id", "effective_date", "id"
    ):
        history.setdefault(event.agency_id, []).append(event)
    return {pk for pk, events in history.items() if licence_state(events, on).status == LicenceStatus.VALID}


def job_order_register(
    *, country_code: str = "", position_code: str = "", on: datetime.date | None = None
) -> QuerySet[JobOrder]:
    """The job orders a person may use on a date: in force, places left, agency licensed, and no
    closed destination, moratorium or special channel covering them. Agency licence history is
    prefetched, so `agency_licence_on` costs no query per row."""
    on = on or timezone.localdate()
    usable = JobOrder.objects.filter(
        valid_from__lte=on, valid_until__gte=on, agency_id__in=agencies_licensed_on(on=on)
    )
    if country_code:
        usable = usable.filter(country_id=country_code.upper())
    if position_code:
        position = position_code.upper()
        usable = usable.filter(position_id=POSITION_ALIASES.get(position, position))
    policies = policies_in_force(on=on)
    if policies:
        usable = usable.exclude(policies_blocking_q(policies))
    return (
        job_orders_with_usage(usable)
        .filter(quota_used__lt=F("quota"))  # type: ignore[misc]
        .annotate(places_left=ExpressionWrapper(F("quota") - F("quota_used"), output_field=IntegerField()))
        .prefetch_related(
            Prefetch(
                "agency__licence_events",
                queryset=AgencyLicence.objects.order_by("effective_date", "id"),
                to_attr="licence_history",
            )
        )
        .order_by("country__name", "position_id", "valid_until", "id")
    )
