"""Bulk import of placements.csv (exchange-format.md); documents.csv is `workers.imports`.

Every row is parsed and checked first (`parse`); good rows are then written a chunk at a time in one
transaction (`write`). If a chunk fails in the database, its rows are retried one by one so that the
bad one is reported and the others load. Re-importing a file writes nothing: rows are keyed by
(source, external_id) and rewritten only when a value changed.
"""

import functools
from collections.abc import Callable
from typing import IO

from django.utils.translation import gettext as _

from accounts.scoping import Scope
from placements.choices import EmployerType, RecruiterType, ReturnReason, Scheme, VisaType
from placements.imports.parse import Lookups, parse_placement
from placements.imports.write import write_placements
from placements.models import Position
from portal import exchange as ex
from workers.choices import Phase, Sex


def placements_import(
    *,
    handle: IO[str],
    source: str = "import",
    progress: Callable[[int], None] | None = None,
    chunk_size: int = ex.CHUNK,
    scope: Scope | None = None,
    dry_run: bool = False,
) -> ex.ImportReport:
    """`scope`: when given (an officer's upload), rows about people outside it are rejected.
    `dry_run`: report what would be written, write nothing."""
    report = ex.ImportReport()
    lookups = Lookups.load()
    rows, report.unknown_columns = ex.read_rows(handle, ex.PLACEMENT_COLUMNS)
    ex.run_import(
        rows,
        parse=lambda line, raw: parse_placement(line, raw, lookups),
        key=lambda row: row.external_id,
        duplicate=("external_id", _("This external_id already appeared earlier in the file.")),
        write=functools.partial(write_placements, source=source, lookups=lookups, scope=scope),
        report=report,
        chunk_size=chunk_size,
        progress=progress,
        dry_run=dry_run,
    )
    return report


# The example row of the template: a new worker (valid NIK of Sukadana, Lampung Timur) on a G to G
# placement, so that it imports as it is on any portal that has the regions and reference data.
TEMPLATE_EXAMPLE = {
    "external_id": "CONTOH-0001", "nik": "1807015208960077", "full_name": "Siti Aminah", "sex": "F",
    "birth_date": "1996-08-12", "village_code": "18.07.01.2001", "scheme": "G2G", "recruiter_type": "GOVERNMENT",
    "destination_country": "KR", "position": "MANUFACTURING", "employer_type": "LEGAL_ENTITY",
    "visa_type": "WORK", "recruited_date": "2026-02-02", "departure_date": "2026-05-04",
    "exit_point": "Bandara Soekarno-Hatta", "official_exit": "true", "contract_months": "36",
    "bpjs_valid_until": "2029-05-31", "opp_date": "2026-04-27", "fees_charged_idr": "0", "phase": "PRA",
}  # fmt: skip


def placements_template() -> str:
    """placements.csv to start from: header, the example row, and each column's allowed values."""
    hint = ex.template_hints()
    dates = ("birth_date", "recruited_date", "departure_date", "bpjs_valid_until", "opp_date", "return_date")
    allowed = {
        **dict.fromkeys(dates, hint["date"]),
        "external_id": _("the source system's id, unique per source"),
        "nik": _("16-digit NIK"),
        "sex": ex.codes(Sex.values),
        "village_code": _("Kemendagri village code"),
        "scheme": ex.codes(Scheme.values),
        "recruiter_type": ex.codes(RecruiterType.values),
        "destination_country": "ISO 3166-1 alpha-2",
        "position": ex.codes(Position.objects.values_list("code", flat=True)),
        "employer_type": ex.codes(EmployerType.values),
        "visa_type": ex.codes(VisaType.values),
        "official_exit": hint["boolean"],
        "contract_months": hint["number"],
        "fees_charged_idr": hint["number"],
        "phase": ex.codes(Phase.values),
        "return_reason": ex.codes(ReturnReason.values),
    }
    return ex.template_text(ex.PLACEMENT_COLUMNS, TEMPLATE_EXAMPLE, allowed)
