"""Reads for the DPRD pages, their exports and the stats API. Every number comes from the summary
table (never the base tables) and leaves here as a suppressed `Figure`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from dashboards.labels import key_labels
from dashboards.models import CLOSE_BUCKETS, Metric, RegionMonthStat, SummaryState
from dashboards.periods import Period
from dashboards.suppression import Figure, Sheet, average_text
from placements.models import Country
from regions.codes import level_of, parent_of
from regions.models import District
from regions.selectors import region_children, region_names

# The columns of a region table: (key, label, how the value is made from (metric, key) totals).
COLUMNS: list[tuple[str, object]] = [
    ("registrations", _("Registrations")),
    ("placements", _("Placements")),
    ("procedural", _("Procedural")),
    ("flagged", _("Flagged")),
    ("flags", _("Open flags")),
    ("complaints", _("Complaints")),
    ("closed", _("Complaints closed")),
    ("returns", _("Returns")),
    ("outreach_events", _("Outreach events")),
    ("participants", _("Outreach participants")),
]
_COLUMN_SOURCES = {
    "registrations": (Metric.REGISTRATIONS, None),
    "placements": (Metric.ROUTE, None),
    "procedural": (Metric.ROUTE, "PROCEDURAL"),
    "flagged": (Metric.ROUTE, "FLAGGED"),
    "flags": (Metric.FLAGS, None),
    "complaints": (Metric.COMPLAINTS, None),
    "closed": (Metric.CLOSED, None),
    "returns": (Metric.RETURNS, None),
    "outreach_events": (Metric.OUTREACH_EVENTS, None),
    "participants": (Metric.OUTREACH_PARTICIPANTS, None),
}
# Breakdowns of the region's totals (metric, title, the column they add up to).
# Breakdowns of the region's totals: (metric, title, the column they add up to, URL slug of its export).
BREAKDOWNS: list[tuple[str, object, str, str]] = [
    (Metric.DESTINATION, _("Destinations"), "placements", "negara-tujuan"),
    (Metric.POSITION, _("Positions"), "placements", "jabatan"),
    (Metric.SCHEME, _("Placement schemes"), "placements", "skema"),
    (Metric.PHASE, _("Phases"), "placements", "fase"),
    (Metric.FLAGS, _("Flags by rule"), "flags", "flag-per-aturan"),
    (Metric.COMPLAINTS, _("Complaints by category"), "complaints", "pengaduan-per-kategori"),
    (Metric.COMPLAINT_STATUS, _("Complaints by status"), "complaints", "pengaduan-per-status"),
    (Metric.CLOSED, _("Time to close a complaint"), "closed", "waktu-penyelesaian"),
    (Metric.RETURNS, _("Returns by reason"), "returns", "kepulangan"),
]
TREND_LABELS = {
    "procedural": _("Procedural placements"),
    "flagged": _("Flagged placements"),
    "registrations": _("Registrations"),
    "complaints": _("Complaints"),
}
TREND_SERIES = list(TREND_LABELS)


def region_parent(code: str) -> str:
    """The summary's parent code: '' above provinces and for the whole country."""
    return (parent_of(code) or "") if code else ""


def region_level(code: str) -> int:
    return level_of(code) if code else 0


@dataclass
class Breakdown:
    metric: str
    title: str
    slug: str
    rows: list[tuple[str, str, Figure]]
    total: Figure


@dataclass
class RegionRow:
    code: str
    name: str
    figures: dict[str, Figure]


@dataclass
class RegionDashboard:
    code: str
    name: str
    level: int
    period: Period
    figures: dict[str, Figure]
    average_close_days: str
    trend_months: list[datetime.date]
    trend: dict[str, list[Figure]]
    breakdowns: list[Breakdown]
    children: list[RegionRow]
    refreshed_at: datetime.datetime | None
    columns: list[tuple[str, object]] = field(default_factory=lambda: COLUMNS)


def _column_values(totals: dict[tuple[str, str], int]) -> dict[str, int]:
    values = {}
    for column, (metric, key) in _COLUMN_SOURCES.items():
        values[column] = sum(v for (m, k), v in totals.items() if m == metric and (key is None or k == key))
    return values


def region_name(*, code: str) -> str:
    return region_names(codes=[code]).get(code, code) if code else str(_("Indonesia"))


def summary_refreshed_at() -> datetime.datetime | None:
    return SummaryState.objects.filter(id=1).values_list("refreshed_at", flat=True).first()


def _totals_by_region(*, parents: list[str], period: Period) -> dict[str, dict[tuple[str, str], int]]:
    """(metric, key) totals over the period for every region whose parent is one of `parents`."""
    metrics = {metric for metric, _key in _COLUMN_SOURCES.values()}
    rows = (
        RegionMonthStat.objects.filter(
            parent_code__in=parents, month__range=(period.first, period.last), metric__in=metrics
        )
        .values_list("region_code", "metric", "key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for region, metric, key, total in rows:
        totals[region][(metric, key)] = total
    return totals


def region_dashboard(*, code: str, period: Period) -> RegionDashboard:
    """Everything the region page shows. Queries: own rows, children and siblings totals, two name
    lookups and the refresh time, whatever the size of the region."""
    parent = region_parent(code)
    own_rows = list(
        RegionMonthStat.objects.filter(
            parent_code=parent, region_code=code, month__range=(period.first, period.last)
        ).values_list("month", "metric", "key", "value")
    )
    parents = [code] if region_level(code) == 0 else [code, parent]
    if region_level(code) == 1:
        parents.append("")  # provinces and the country share the parent ''
    by_region = _totals_by_region(parents=list(dict.fromkeys(parents)), period=period)

    children = region_children(parent=code or None) if region_level(code) < 4 else []
    sibling_codes = (
        [c["code"] for c in region_children(parent=parent or None)] if region_level(code) >= 1 else []
    )
    sheet = Sheet()
    own_totals: dict[tuple[str, str], int] = defaultdict(int)
    for _month, metric, key, value in own_rows:
        own_totals[(metric, key)] += value

    def put_region(region: str, totals: dict[tuple[str, str], int]) -> None:
        for column, value in _column_values(totals).items():
            sheet.put(("r", region, column), value)
        sheet.add_group([("r", region, "procedural"), ("r", region, "flagged")], ("r", region, "placements"))

    put_region(code, own_totals)
    for child in children:
        put_region(child["code"], by_region.get(child["code"], {}))
    for sibling in sibling_codes:
        if sibling != code:
            put_region(sibling, by_region.get(sibling, {}))
    if region_level(code) >= 1:
        put_region(parent, _parent_totals(by_region, parent))
    for column, _label_text in COLUMNS:
        sheet.add_group([("r", c["code"], column) for c in children], ("r", code, column))
        if sibling_codes:
            sheet.add_group([("r", s, column) for s in sibling_codes], ("r", parent, column))

    for metric, _title, column, _slug in BREAKDOWNS:
        keys = sorted({k for (m, k) in own_totals if m == metric})
        for key in keys:
            sheet.put(("b", metric, key), own_totals[(metric, key)])
        sheet.add_group([("b", metric, k) for k in keys], ("r", code, column))

    months = period.months
    series: dict[str, dict[datetime.date, int]] = {name: defaultdict(int) for name in TREND_SERIES}
    for month, metric, key, value in own_rows:
        for name in TREND_SERIES:
            source_metric, source_key = _COLUMN_SOURCES[name]
            if metric == source_metric and (source_key is None or key == source_key):
                series[name][month] += value
    for name in TREND_SERIES:
        for month in months:
            sheet.put(("t", name, month), series[name][month])
        sheet.add_group([("t", name, m) for m in months], ("r", code, name))

    figures = sheet.resolve()
    names = region_names(codes=[code]) if code else {}
    own = {column: figures[("r", code, column)] for column, _label_text in COLUMNS}
    countries = dict(Country.objects.values_list("code", "name"))
    breakdowns = []
    for metric, title, column, slug in BREAKDOWNS:
        keys = sorted(
            {k for (m, k) in own_totals if m == metric},
            key=lambda k: (-own_totals[(metric, k)], k),
        )
        if metric == Metric.CLOSED:
            keys = [k for k, _low, _high in CLOSE_BUCKETS if k in keys]
        labels = key_labels(metric, keys, countries=countries)
        rows = [(k, labels[k], figures[("b", metric, k)]) for k in keys]
        breakdowns.append(Breakdown(metric, str(title), slug, rows, own[column]))
    return RegionDashboard(
        code=code,
        name=names.get(code, str(_("Indonesia"))),
        level=region_level(code),
        period=period,
        figures=own,
        average_close_days=average_text(
            own_totals.get((Metric.CLOSE_DAYS, ""), 0), own["closed"].value, hidden=own["closed"].hidden
        ),
        trend_months=months,
        trend={name: [figures[("t", name, m)] for m in months] for name in TREND_SERIES},
        breakdowns=breakdowns,
        children=[
            RegionRow(c["code"], c["name"], {col: figures[("r", c["code"], col)] for col, _l in COLUMNS})
            for c in children
        ],
        refreshed_at=summary_refreshed_at(),
    )


def _parent_totals(by_region: dict, parent: str) -> dict[tuple[str, str], int]:
    return by_region.get(parent, {}) if parent else by_region.get("", {})


def _villages_under(code: str) -> Q:
    """Village rows under a region, by their parent (district) codes, so the primary key serves."""
    level = region_level(code)
    if level == 3:
        return Q(parent_code=code)
    if level == 0:
        return Q()
    districts = District.objects.filter(code__startswith=f"{code}.").values("code")
    return Q(parent_code__in=districts)


@dataclass
class OutreachPriority:
    rank: int
    code: str
    name: str
    district: str
    registrations: Figure
    flagged: Figure
    complaints: Figure
    last_outreach: datetime.date | None
    score: int


def outreach_priorities(*, code: str, period: Period, limit: int = 25) -> list[OutreachPriority]:
    """Villages under `code` ranked by flagged placements and complaints per prospective worker, weighted
    up the longer since their last outreach event (twice as much when there never was one).

    The score is (flagged + complaints) per 100 registrations (at least 10), times 1 + months since
    outreach / 24 (capped at 2). Villages with neither flags nor complaints in the period are not ranked.
    The score orders the list but is never published: with the weight known it would give counts away."""
    level = region_level(code)
    if level >= 4:
        return []
    village_parents = _villages_under(code)
    counted = {Metric.REGISTRATIONS, Metric.ROUTE, Metric.COMPLAINTS}
    rows = (
        RegionMonthStat.objects.filter(village_parents, level=4, month__range=(period.first, period.last))
        .filter(metric__in=counted)
        .values_list("region_code", "metric", "key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for village, metric, key, total in rows:
        if metric == Metric.ROUTE and key != "FLAGGED":
            continue
        counts[village][metric] += total
    last_outreach = dict(
        RegionMonthStat.objects.filter(village_parents, level=4, metric=Metric.OUTREACH_EVENTS)
        .values_list("region_code")
        .annotate(last=Max("month"))
        .order_by()
    )
    scored = []
    for village, c in counts.items():
        concerns = c[Metric.ROUTE] + c[Metric.COMPLAINTS]
        if not concerns:
            continue
        last = last_outreach.get(village)
        months_since = (
            24 if last is None else (period.last.year - last.year) * 12 + period.last.month - last.month
        )
        weight = 1 + min(max(months_since, 0), 24) / 24
        # At least ten in the denominator, so a village with one registration does not top the list.
        score = round(100 * concerns / max(c[Metric.REGISTRATIONS], 10) * weight)
        scored.append((score, village, c, last))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    names = region_names(codes=[v for _s, v, _c, _l in top] + list({v[:8] for _s, v, _c, _l in top}))
    result = []
    for rank, (score, village, c, last) in enumerate(top, start=1):
        sheet = Sheet()
        for metric in counted:
            sheet.put(metric, c[metric])
        figures = sheet.resolve()
        result.append(
            OutreachPriority(
                rank=rank,
                code=village,
                name=names.get(village, village),
                district=names.get(village[:8], village[:8]),
                registrations=figures[Metric.REGISTRATIONS],
                flagged=figures[Metric.ROUTE],
                complaints=figures[Metric.COMPLAINTS],
                last_outreach=last,
                score=score,
            )
        )
    return result


def village_counts(*, code: str, period: Period) -> list[dict]:
    """Flag and complaint counts per village under `code`, for regional systems: every village with any,
    suppressed, by code. One query for the counts, one per level for names."""
    rows = (
        RegionMonthStat.objects.filter(
            _villages_under(code),
            level=4,
            month__range=(period.first, period.last),
            metric__in=[Metric.ROUTE, Metric.FLAGS, Metric.COMPLAINTS],
        )
        .values_list("region_code", "metric", "key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for village, metric, key, total in rows:
        if metric == Metric.ROUTE:
            counts[village]["flagged_placements" if key == "FLAGGED" else "procedural_placements"] += total
        elif metric == Metric.FLAGS:
            counts[village]["open_flags"] += total
        else:
            counts[village]["complaints"] += total
    columns = ["procedural_placements", "flagged_placements", "open_flags", "complaints"]
    sheet = Sheet()
    for village, c in counts.items():
        for column in columns:
            sheet.put((village, column), c[column])
    figures = sheet.resolve()
    names = region_names(codes=sorted(counts))
    return [
        {
            "village_code": village,
            "village_name": names.get(village, ""),
            **{column: figures[(village, column)].public for column in columns},
        }
        for village in sorted(counts)
    ]
