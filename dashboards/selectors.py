"""Reads for the DPRD pages, their exports and the stats API. Every number comes from the summary
table (never the base tables) and leaves here as a suppressed `Figure`; counts by area come from the
one canonical table of `dashboards.tables`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from dashboards.labels import key_labels
from dashboards.models import CLOSE_BUCKETS, Metric, RegionMonthStat, SummaryState
from dashboards.periods import Period
from dashboards.suppression import Figure, HiddenCount, Sheet, average, average_text, count_hidden
from dashboards.tables import COLUMN_SOURCES, COLUMNS, AreaTable, regency_table, upper_table
from placements.models import Country
from portal.errors import ApplicationError
from regions.codes import level_of, parent_of
from regions.models import Regency
from regions.selectors import region_children, region_names
from workers.countries import country_name

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


def region_level(code: str) -> int:
    return level_of(code) if code else 0


def region_parent(code: str) -> str:
    """The summary's parent code: '' above provinces and for the whole country."""
    return (parent_of(code) or "") if code else ""


def region_name(*, code: str) -> str:
    return region_names(codes=[code]).get(code, code) if code else str(_("Indonesia"))


def summary_refreshed_at() -> datetime.datetime | None:
    return SummaryState.objects.filter(id=1).values_list("refreshed_at", flat=True).first()


def area_table(*, code: str, period: Period) -> AreaTable:
    """The canonical table holding `code`, its children and (for regencies and below) its whole regency."""
    if region_level(code) >= 2:
        return regency_table(regencies=[code[:5]], period=period)
    return upper_table(code=code, period=period)


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
    average_close_days_value: float | None
    trend_months: list[datetime.date]
    trend: dict[str, list[Figure]]
    breakdowns: list[Breakdown]
    children: list[RegionRow]
    refreshed_at: datetime.datetime | None
    columns: list[tuple[str, object]] = field(default_factory=lambda: COLUMNS)
    hidden: HiddenCount = HiddenCount(0, 0)
    mostly_hidden: bool = False

    def published(self) -> list[Figure]:
        """Every figure the page shows."""
        figures = list(self.figures.values())
        figures += [f for row in self.children for f in row.figures.values()]
        figures += [f for series in self.trend.values() for f in series]
        figures += [f for b in self.breakdowns for _k, _l, f in b.rows]
        return figures


def region_dashboard(*, code: str, period: Period) -> RegionDashboard:
    """Everything the region page shows, in a fixed number of queries whatever the region's size: its own
    rows by month, the canonical table by area, names, countries and the refresh time.

    The breakdowns and the monthly trend hang from the region's totals in the canonical table: they may
    hide their own cells, never change a total."""
    own_rows = list(
        RegionMonthStat.objects.filter(
            parent_code=region_parent(code), region_code=code, month__range=(period.first, period.last)
        ).values_list("month", "metric", "key", "value")
    )
    table = area_table(code=code, period=period)
    own = table.row(code)
    own_totals: dict[tuple[str, str], int] = defaultdict(int)
    for _month, metric, key, value in own_rows:
        own_totals[(metric, key)] += value

    sheet = Sheet()
    for column, figure in own.items():
        sheet.put((code, column), figure.value)
    for metric, _title, column, _slug in BREAKDOWNS:
        keys = sorted({k for (m, k) in own_totals if m == metric})
        for key in keys:
            sheet.put(("b", metric, key), own_totals[(metric, key)])
        sheet.add_group([("b", metric, k) for k in keys], (code, column))
    months = period.months
    series: dict[str, dict[datetime.date, int]] = {name: defaultdict(int) for name in TREND_SERIES}
    for month, metric, key, value in own_rows:
        for name in TREND_SERIES:
            source_metric, source_key = COLUMN_SOURCES[name]
            if metric == source_metric and (source_key is None or key == source_key):
                series[name][month] += value
    for name in TREND_SERIES:
        for month in months:
            sheet.put(("t", name, month), series[name][month])
        sheet.add_group([("t", name, m) for m in months], (code, name))
    figures = sheet.resolve(fixed={(code, column): figure.hidden for column, figure in own.items()})

    countries = {
        code: country_name(code, default=name) for code, name in Country.objects.values_list("code", "name")
    }
    breakdowns = []
    for metric, title, column, slug in BREAKDOWNS:
        keys = sorted(
            {k for (m, k) in own_totals if m == metric}, key=lambda k: (-own_totals[(metric, k)], k)
        )
        if metric == Metric.CLOSED:
            keys = [k for k, _low, _high in CLOSE_BUCKETS if k in keys]
        labels = key_labels(metric, keys, countries=countries)
        rows = [(k, labels[k], figures[("b", metric, k)]) for k in keys]
        breakdowns.append(Breakdown(metric, str(title), slug, rows, own[column]))
    children = region_children(parent=code or None) if region_level(code) < 4 else []
    dashboard = RegionDashboard(
        code=code,
        name=region_name(code=code),
        level=region_level(code),
        period=period,
        figures=own,
        average_close_days=average_text(
            own_totals.get((Metric.CLOSE_DAYS, ""), 0), own["closed"].value, hidden=own["closed"].hidden
        ),
        average_close_days_value=average(
            own_totals.get((Metric.CLOSE_DAYS, ""), 0), own["closed"].value, hidden=own["closed"].hidden
        ),
        trend_months=months,
        trend={name: [figures[("t", name, m)] for m in months] for name in TREND_SERIES},
        breakdowns=breakdowns,
        children=[
            RegionRow(c["code"], c["name"], table.row(c["code"])) for c in children if table.has(c["code"])
        ],
        refreshed_at=summary_refreshed_at(),
    )
    published = dashboard.published()
    dashboard.hidden = count_hidden(published)
    # A village page of mostly marks tells a reader nothing: it says so in a sentence instead.
    shown = sum(1 for f in published if f.value and not f.hidden)
    dashboard.mostly_hidden = dashboard.level == 4 and dashboard.hidden.total > shown
    return dashboard


def _villages_table(code: str, period: Period) -> tuple[AreaTable, list[str]]:
    """The canonical table of every village under `code` (a province or smaller), and those villages."""
    level = region_level(code)
    if level == 0:
        raise ApplicationError(str(_("Choose a province, regency, district or village.")))
    if level == 1:
        regencies = list(Regency.objects.filter(province_id=code).values_list("code", flat=True))
    else:
        regencies = [code[:5]]
    table = regency_table(regencies=sorted(regencies), period=period)
    villages = [a for a in table.areas if a.count(".") == 3 and a.startswith(f"{code}.")]
    return table, villages


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
    if region_level(code) in (0, 4):
        return []
    table, villages = _villages_table(code, period)
    last_outreach = dict(
        RegionMonthStat.objects.filter(
            parent_code__in=sorted({v[:8] for v in villages}), metric=Metric.OUTREACH_EVENTS
        )
        .values_list("region_code")
        .annotate(last=Max("month"))
        .order_by()
    )
    scored = []
    for village in villages:
        row = table.row(village)
        concerns = row["flagged"].value + row["complaints"].value
        if not concerns:
            continue
        last = last_outreach.get(village)
        months_since = (
            24 if last is None else (period.last.year - last.year) * 12 + period.last.month - last.month
        )
        weight = 1 + min(max(months_since, 0), 24) / 24
        # At least ten in the denominator, so a village with one registration does not top the list.
        score = round(100 * concerns / max(row["registrations"].value, 10) * weight)
        scored.append((score, village, row, last))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    names = region_names(codes=[v for _s, v, _r, _l in top] + sorted({v[:8] for _s, v, _r, _l in top}))
    return [
        OutreachPriority(
            rank=rank,
            code=village,
            name=names.get(village, village),
            district=names.get(village[:8], village[:8]),
            registrations=row["registrations"],
            flagged=row["flagged"],
            complaints=row["complaints"],
            last_outreach=last,
            score=score,
        )
        for rank, (score, village, row, last) in enumerate(top, start=1)
    ]


VILLAGE_COUNT_COLUMNS = {
    "placements": "placements",
    "procedural_placements": "procedural",
    "flagged_placements": "flagged",
    "open_flags": "flags",
    "complaints": "complaints",
    "early_warnings": "early_warnings",
}


def village_counts(*, code: str, period: Period) -> list[dict[str, Any]]:
    """Flag and complaint counts of every village under `code`, by code, for regional systems: the same
    figures (and the same hidden cells) as the region pages."""
    table, villages = _villages_table(code, period)
    names = region_names(codes=villages)
    return [
        {
            "village_code": village,
            "village_name": names.get(village, ""),
            **{out: table.figures[(village, column)].public for out, column in VILLAGE_COUNT_COLUMNS.items()},
        }
        for village in villages
    ]
