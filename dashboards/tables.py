"""The canonical table by area: every column count of every village, district and regency of a region
tree, suppressed once, together.

Every view that shows counts by area (the region pages, the village export, the outreach ranking, the
stats API) takes its figures from here, so a cell hidden in one view is hidden in all of them and no
view gives away what another hides. Pages above the regency (province, country) use `upper_table`.
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from dashboards.models import Metric, RegionMonthStat
from dashboards.periods import Period
from dashboards.suppression import Figure, Sheet
from regions.codes import parent_of
from regions.models import District, Village
from regions.selectors import region_children

# The columns of a table by area: (key, label).
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
    ("early_warnings", _("Early warnings")),
]
# How each column is made from the summary: (metric, key), key None meaning all keys.
COLUMN_SOURCES: dict[str, tuple[str, str | None]] = {
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
    "early_warnings": (Metric.EARLY_WARNINGS, None),
}
COLUMN_METRICS = sorted({metric for metric, _key in COLUMN_SOURCES.values()})


# metric -> [(column, key or None)]: the columns a summary row adds to.
_COLUMNS_OF_METRIC: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
for _column, (_metric, _key) in COLUMN_SOURCES.items():
    _COLUMNS_OF_METRIC[_metric].append((_column, _key))


def column_values(totals: dict[tuple[str, str], int]) -> dict[str, int]:
    """Column counts from (metric, key) totals."""
    values = dict.fromkeys(COLUMN_SOURCES, 0)
    for (metric, key), value in totals.items():
        for column, source_key in _COLUMNS_OF_METRIC.get(metric, ()):
            if source_key is None or key == source_key:
                values[column] += value
    return values


@dataclass
class AreaTable:
    figures: dict[Hashable, Figure]
    areas: list[str]

    def row(self, code: str) -> dict[str, Figure]:
        return {column: self.figures[(code, column)] for column, _label in COLUMNS}

    def has(self, code: str) -> bool:
        return (code, COLUMNS[0][0]) in self.figures


def _add_area(sheet: Sheet, code: str, values: dict[str, int]) -> None:
    for column, value in values.items():
        sheet.put((code, column), value)
    sheet.add_group([(code, "procedural"), (code, "flagged")], (code, "placements"))


def _add_children(sheet: Sheet, parent: str, children: list[str]) -> None:
    for column, _label in COLUMNS:
        sheet.add_group([(child, column) for child in children], (parent, column))


def village_columns(*, regencies: list[str], period: Period) -> dict[str, dict[str, int]]:
    """Column counts over the period for every village of the regencies (zeros included). One query
    for the villages, one for their counts (by the districts' codes, so the primary key serves)."""
    villages = list(Village.objects.filter(district__regency_id__in=regencies).values_list("code", flat=True))
    parents = District.objects.filter(regency_id__in=regencies).values("code")
    totals = _totals_under(parents=parents, period=period)
    return {code: column_values(totals.get(code, {})) for code in villages}


def _totals_under(*, parents, period: Period) -> dict[str, dict[tuple[str, str], int]]:
    """(metric, key) totals over the period of the column metrics, for every region under `parents`."""
    rows = (
        RegionMonthStat.objects.filter(
            parent_code__in=parents, month__range=(period.first, period.last), metric__in=COLUMN_METRICS
        )
        .values_list("region_code", "metric", "key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for region, metric, key, total in rows:
        totals[region][(metric, key)] = total
    return totals


def regency_table(*, regencies: list[str], period: Period) -> AreaTable:
    """Villages, districts and regencies of the given regencies. District and regency counts are the sums
    of their villages (the summary is additive), so they agree with the villages to the unit."""
    villages = village_columns(regencies=regencies, period=period)
    sheet = Sheet()
    districts: dict[str, list[str]] = defaultdict(list)
    for village in sorted(villages):
        districts[village[:8]].append(village)
        _add_area(sheet, village, villages[village])
    by_regency: dict[str, list[str]] = defaultdict(list)
    for district, members in districts.items():
        by_regency[district[:5]].append(district)
        _add_area(sheet, district, _sum(villages[v] for v in members))
        _add_children(sheet, district, members)
    for regency in regencies:
        members = by_regency.get(regency, [])
        _add_area(sheet, regency, _sum(villages[v] for d in members for v in districts[d]))
        _add_children(sheet, regency, members)
    return AreaTable(sheet.resolve(), sorted(villages) + sorted(districts) + sorted(regencies))


def upper_table(*, code: str, period: Period) -> AreaTable:
    """The country or a province, its children, and (for a province) its sibling provinces."""
    parents = [code] if not code else [code, ""]
    totals = _totals_under(parents=parents, period=period)
    sheet = Sheet()
    areas = {code, ""} | {c["code"] for c in region_children(parent=code or None)}
    if code:
        areas |= {c["code"] for c in region_children(parent=None)}
    for area in areas:
        _add_area(sheet, area, column_values(totals.get(area, {})))
    _add_children(sheet, "", sorted(a for a in areas if a and "." not in a))
    if code:
        _add_children(sheet, code, sorted(a for a in areas if parent_of(a) == code))
    return AreaTable(sheet.resolve(), sorted(areas))


def _sum(rows) -> dict[str, int]:
    total = dict.fromkeys(COLUMN_SOURCES, 0)
    for row in rows:
        for column, value in row.items():
            total[column] += value
    return total
