import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.access import person_get
from accounts.models import AccessAction
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
    return queryset.prefetch_related(
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
