"""The exchange format (exchange-format.md), shared by the placements and documents imports: its
columns, reading a file (header row, free column order, empty = unknown, ISO dates, case-insensitive
codes; parsers raise RowInvalid with a message for the user), and the import loop that parses every
row, reports the bad ones and writes the rest a chunk at a time.

It lives here, below both apps, because documents belong to workers and placements build on workers:
each app imports its own file with these tools (`workers/imports.py`, `placements/imports/`)."""

import csv
import datetime
import io
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from portal.identifiers import PhoneInvalid, phone_normalise
from portal.sanitize import safe_csv_writer

if TYPE_CHECKING:
    from accounts.scoping import Scope

# The contract's columns, in the order the contract lists them (files may order them freely).
PLACEMENT_COLUMNS = (
    "external_id", "nik", "full_name", "sex", "birth_date", "village_code", "scheme", "agency_licence_number",
    "job_order_number", "recruiter_type", "recruiter_name", "recruiter_phone", "destination_country", "position",
    "employer_type", "visa_type", "recruited_date", "departure_date", "exit_point", "official_exit",
    "contract_months", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "return_date", "return_reason",
    "bpjs_valid_from",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "nik", "doc_type", "number", "issued_date", "expiry_date", "verified", "acknowledged_village_code",
)  # fmt: skip
CHUNK = 2000

# Sent after an import wrote placements or documents (kwargs: created, updated). Dashboards refresh on it.
import_finished = Signal()


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


class RowInvalid(Exception):
    """A row refused; `errors` holds every (column, message) found in it, the first one being
    (column, message)."""

    def __init__(self, column: str, message: str, *, more: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.column = column
        self.message = message
        self.errors = [(column, message), *more]


class RowCheck:
    """Collects every error of one row, so that the report names all of them, not only the first.

    `check(reader, row, column, ...)` returns the reader's value, or None (and remembers the error)
    when the reader refuses it; `done()` refuses the row if anything was remembered."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def __call__(self, reader: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return reader(*args, **kwargs)
        except RowInvalid as invalid:
            self.errors += invalid.errors
            return None

    def add(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def failed(self, *columns: str) -> bool:
        return any(column in columns for column, _message in self.errors)

    def done(self) -> None:
        if self.errors:
            (column, message), *more = self.errors
            raise RowInvalid(column, message, more=more)


def read_rows(
    handle: Iterable[str], known: Iterable[str]
) -> tuple[Iterator[tuple[int, dict[str, str]]], list[str]]:
    """(line number, row) pairs with stripped values, and the header's unknown columns (ignored)."""
    known = set(known)
    reader = csv.DictReader(handle)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    unknown = [name for name in header if name and name not in known]

    def rows():
        for row in reader:
            first = next(iter(row.values()), None)
            if isinstance(first, str) and first.lstrip().startswith("#"):
                continue  # a comment line, such as the allowed values in a template
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k in known}

    return rows(), unknown


def text(row: dict, column: str, *, required: bool = False, max_length: int = 200) -> str:
    value = row.get(column, "")
    if required and not value:
        raise RowInvalid(column, _("This column is required."))
    if len(value) > max_length:
        raise RowInvalid(column, _("Too long: at most %(n)d characters.") % {"n": max_length})
    return value


def phone(row: dict, column: str) -> str:
    """The stored form of a phone number (portal/identifiers.py): spellings of one number compare equal."""
    try:
        return phone_normalise(text(row, column, max_length=30))
    except PhoneInvalid as error:
        raise RowInvalid(column, str(error.message)) from None


def choice(row: dict, column: str, values, *, required: bool = False) -> str:
    value = text(row, column, required=required).upper()
    if value and value not in values:
        raise RowInvalid(
            column,
            _("Unknown value %(value)s; use one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(sorted(values))},
        )
    return value


def date(row: dict, column: str, *, required: bool = False) -> datetime.date | None:
    value = text(row, column, required=required)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RowInvalid(column, _("Not a date: write it as YYYY-MM-DD.")) from None


def integer(row: dict, column: str, *, minimum: int = 0, maximum: int = 10**15) -> int | None:
    value = text(row, column).replace("_", "")
    if not value:
        return None
    if not value.isdigit():
        raise RowInvalid(column, _("Not a whole number."))
    number = int(value)
    if not minimum <= number <= maximum:
        raise RowInvalid(column, _("Out of range (%(min)d to %(max)d).") % {"min": minimum, "max": maximum})
    return number


def boolean(row: dict, column: str) -> bool | None:
    value = text(row, column).lower()
    if not value:
        return None
    if value in {"true", "1", "yes", "ya"}:
        return True
    if value in {"false", "0", "no", "tidak"}:
        return False
    raise RowInvalid(column, _("Write true or false."))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)  # one per error: a row may have several
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False  # the counts say what would have been written; nothing was

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def rejected_rows(self) -> int:
        return len({error.line for error in self.rejected})

    def merge(self, other: "ImportReport") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected


def out_of_scope(scope: "Scope | None", village_code: str | None) -> bool:
    """Whether an uploader limited to `scope` may not write about a person living in this village."""
    return scope is not None and not (village_code and scope.covers(village_code))


Write = Callable[[list[Any], ImportReport], None]


def run_import(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    parse: Callable[[int, dict[str, str]], Any],
    key: Callable[[Any], Hashable],
    duplicate: tuple[str, str],
    write: Write,
    report: ImportReport,
    chunk_size: int,
    progress: Callable[[int], None] | None,
    dry_run: bool = False,
) -> None:
    """Parse every row, reject bad and repeated ones, write the rest a chunk at a time, and announce it.

    `write(rows, partial_report)` writes one chunk in one transaction; if the database refuses the
    chunk, its rows are retried one by one so that the bad one is reported and the others load.

    A dry run goes through the very same steps inside one transaction that is rolled back at the end:
    the report says exactly what the real run would do (the database's own refusals included), and
    nothing is kept, nor announced (tasks queued on commit are dropped with the rollback)."""
    report.dry_run = dry_run
    if dry_run:
        with transaction.atomic():
            _run(rows, parse, key, duplicate, write, report, chunk_size, progress)
            transaction.set_rollback(True)
        report.rejected.sort(key=lambda e: e.line)
        return
    _run(rows, parse, key, duplicate, write, report, chunk_size, progress)
    report.rejected.sort(key=lambda e: e.line)
    if report.created or report.updated:
        import_finished.send(sender=ImportReport, created=report.created, updated=report.updated)


def _run(rows, parse, key, duplicate, write, report, chunk_size, progress) -> None:
    seen: set = set()
    chunk: list = []
    done = 0
    for line, raw in rows:
        done += 1
        try:
            row = parse(line, raw)
            if key(row) in seen:
                raise RowInvalid(*duplicate)
            seen.add(key(row))
            chunk.append(row)
        except RowInvalid as invalid:
            report.rejected += [RowError(line, column, message) for column, message in invalid.errors]
        if len(chunk) >= chunk_size:
            _flush(chunk, write, report)
            chunk = []
            if progress:
                progress(done)
    if chunk:
        _flush(chunk, write, report)
    if progress:
        progress(done)


def _flush(rows: list, write: Write, report: ImportReport) -> None:
    """Counts reach the report only once their chunk committed."""
    try:
        report.merge(_written(write, rows))
    except DatabaseError:
        # Find the row the database refuses; load the others.
        for row in rows:
            try:
                report.merge(_written(write, [row]))
            except DatabaseError as error:
                report.rejected.append(
                    RowError(row.line, "", _("Could not be saved: %(error)s") % {"error": error})
                )


def _written(write: Write, rows: list) -> ImportReport:
    partial = ImportReport()
    write(rows, partial)
    return partial


def report_lines(report: ImportReport) -> list[str]:
    """The report as the user reads it, in the active language: counts of rows, then each error."""
    lines = [_("Dry run: nothing was written.")] if report.dry_run else []
    lines += [
        _(
            "%(loaded)d rows loaded (%(created)d new, %(updated)d changed, %(unchanged)d unchanged), %(rejected)d rejected."
        )
        % {
            "loaded": report.loaded,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected_rows,
        }
    ]
    if report.unknown_columns:
        lines.append(
            _("Ignored unknown columns: %(columns)s") % {"columns": ", ".join(report.unknown_columns)}
        )
    lines += [
        _("line %(line)d, column %(column)s: %(message)s")
        % {"line": e.line, "column": e.column or "-", "message": e.message}
        for e in report.rejected
    ]
    return lines


def template_text(columns: Iterable[str], example: dict[str, str], allowed: dict[str, str]) -> str:
    """A CSV to start a file from: the header, one example row that imports as it is, and a comment
    line (first cell starting with `#`, skipped by `read_rows`) with each column's allowed values."""
    columns = list(columns)
    out = io.StringIO()
    writer = safe_csv_writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow([example.get(c, "") for c in columns])
    hints = [allowed.get(c, "") for c in columns]
    hints[0] = "# " + _("Allowed values (this line is ignored):") + " " + hints[0]
    writer.writerow(hints)
    return out.getvalue()


def template_hints() -> dict[str, str]:
    """The format hints shared by both templates' allowed-values line."""
    return {"date": "YYYY-MM-DD", "boolean": "true | false", "number": _("whole number")}


def codes(values: Iterable[str]) -> str:
    return " | ".join(sorted(values))
