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
from placements.imports.parse import Lookups, parse_placement
from placements.imports.write import write_placements
from portal import exchange as ex


def placements_import(
    *,
    handle: IO[str],
    source: str = "import",
    progress: Callable[[int], None] | None = None,
    chunk_size: int = ex.CHUNK,
    scope: Scope | None = None,
) -> ex.ImportReport:
    """`scope`: when given (an officer's upload), rows about people outside it are rejected."""
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
    )
    return report
