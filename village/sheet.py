"""The village sheet: one printable A4 page for the village notice board (UU 18/2017 art. 42: pass on
the legal route and job information). Everything on it is public or an aggregate: no person appears.

Its figures are the village's row of the DPRD pages' canonical table, so a cell hidden there is hidden
here too and the two pages never give away what the other hides."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from accounts.selectors import office_for_region
from dashboards.periods import Period
from dashboards.selectors import area_table, summary_refreshed_at
from dashboards.suppression import Figure, HiddenCount, count_hidden
from placements.models import Position
from portal.qr import qr_svg_data_uri
from regions.selectors import region_names

# The figures the sheet shows, in order: columns of dashboards.tables.
SHEET_COLUMNS = ["registrations", "placements", "procedural", "flagged", "complaints", "returns",
                 "outreach_events", "early_warnings"]  # fmt: skip


@dataclass(frozen=True)
class SheetLink:
    url: str
    qr: str  # an SVG data URI


@dataclass
class VillageSheet:
    code: str
    name: str
    district: str
    regency: str
    zero_cost_positions: list[str]
    office: Office | None
    agency_check: SheetLink
    job_order_check: SheetLink
    period: Period
    figures: dict[str, Figure]
    hidden: HiddenCount
    refreshed_at: datetime.datetime | None


def public_url(name: str) -> str:
    """The absolute public address of a named page, under PUBLIC_BASE_URL."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name)


def _link(name: str) -> SheetLink:
    url = public_url(name)
    return SheetLink(url=url, qr=qr_svg_data_uri(url, box_size=6))


def zero_cost_positions(*, on: datetime.date) -> list[str]:
    """Names of the positions no worker may be charged for on `on` (policy data with effective dates)."""
    positions = Position.objects.filter(
        Q(zero_cost_until__isnull=True) | Q(zero_cost_until__gte=on),
        is_zero_cost=True,
        zero_cost_from__lte=on,
    ).order_by("code")
    return sorted(str(position) for position in positions)


def village_sheet(*, village_code: str) -> VillageSheet:
    """Everything the sheet prints for one village (the caller checks the user may print it)."""
    today = timezone.localdate()
    period = Period.default()
    names = region_names(codes=[village_code, village_code[:8], village_code[:5]])
    row = area_table(code=village_code, period=period).row(village_code)
    figures = {column: row[column] for column in SHEET_COLUMNS if column in row}
    return VillageSheet(
        code=village_code,
        name=names.get(village_code, village_code),
        district=names.get(village_code[:8], ""),
        regency=names.get(village_code[:5], ""),
        zero_cost_positions=zero_cost_positions(on=today),
        office=office_for_region(code=village_code),
        agency_check=_link("placements:agency_check"),
        job_order_check=_link("placements:job_order_check"),
        period=period,
        figures=figures,
        hidden=count_hidden(figures.values()),
        refreshed_at=summary_refreshed_at(),
    )
