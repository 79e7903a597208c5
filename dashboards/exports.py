"""Every table of a region page as rows of published values, for CSV and XLSX: counts stay numbers, a
hidden cell is "<5" (1 to 4) or "x" (hidden to protect another)."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboards.selectors import TREND_LABELS, OutreachPriority, RegionDashboard
from dashboards.tables import COLUMNS
from portal.sanitize import safe_csv_writer, safe_row


@dataclass
class ExportTable:
    slug: str
    title: str
    header: list[str]
    rows: list[list]


def export_tables(dashboard: RegionDashboard, priorities: list[OutreachPriority]) -> list[ExportTable]:
    column_labels = [str(label) for _key, label in COLUMNS]
    tables = []
    if dashboard.children:
        rows = [[r.code, r.name, *[r.figures[k].public for k, _l in COLUMNS]] for r in dashboard.children]
        rows.append(["", _("Total"), *[dashboard.figures[k].public for k, _l in COLUMNS]])
        tables.append(ExportTable("wilayah", _("By area"), [_("Code"), _("Area"), *column_labels], rows))
    else:
        rows = [[dashboard.code, dashboard.name, *[dashboard.figures[k].public for k, _l in COLUMNS]]]
        tables.append(ExportTable("wilayah", _("Summary"), [_("Code"), _("Area"), *column_labels], rows))
    series_labels = {name: str(label) for name, label in TREND_LABELS.items()}
    trend_rows = [
        [f"{month:%Y-%m}", *[dashboard.trend[name][i].public for name in series_labels]]
        for i, month in enumerate(dashboard.trend_months)
    ]
    tables.append(ExportTable("tren", _("By month"), [_("Month"), *series_labels.values()], trend_rows))
    for breakdown in dashboard.breakdowns:
        rows = [[key, label, figure.public] for key, label, figure in breakdown.rows]
        rows.append(["", _("Total"), breakdown.total.public])
        tables.append(ExportTable(breakdown.slug, breakdown.title, [_("Code"), "", _("Count")], rows))
    tables.append(
        ExportTable(
            "prioritas-sosialisasi",
            _("Villages needing outreach"),
            [
                _("Rank"),
                _("Code"),
                _("Village"),
                _("District"),
                _("Registrations"),
                _("Flagged placements"),
                _("Complaints"),
                _("Last outreach"),
            ],  # fmt: skip
            [
                [
                    p.rank,
                    p.code,
                    p.name,
                    p.district,
                    p.registrations.public,
                    p.flagged.public,
                    p.complaints.public,
                    f"{p.last_outreach:%Y-%m}" if p.last_outreach else _("never"),
                ]  # fmt: skip
                for p in priorities
            ],
        )
    )
    return tables


def _preamble(dashboard: RegionDashboard) -> list[list[str]]:
    return [
        [f"{dashboard.name} ({dashboard.code or 'ID'})", str(dashboard.period)],
        [
            _(
                "Counts from 1 to 4 are shown as <5; x marks a cell hidden so that other small numbers are "
                "not revealed."
            )
        ],
    ]


# Spreadsheet programs read a CSV file as UTF-8 (Indonesian names, "×", "–") only when it starts with a BOM.
BOM = "\ufeff"


def as_csv(dashboard: RegionDashboard, table: ExportTable) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = safe_csv_writer(out)
    writer.writerows(_preamble(dashboard))
    writer.writerow([])
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue()


def as_xlsx(dashboard: RegionDashboard, tables: list[ExportTable]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.slug[:31])
        for row in _preamble(dashboard):
            sheet.append(safe_row(row))
        sheet.append(safe_row([table.title]))
        sheet.append(safe_row(table.header))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
