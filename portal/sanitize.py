"""Values that leave the portal in files: spreadsheet cells that cannot run, file names that cannot lie.

Every CSV and XLSX the portal writes goes through `safe_cell` (or the writers below), so an imported
id such as `=HYPERLINK(...)` is shown as text in Excel or LibreOffice instead of being evaluated.
"""

import csv
import unicodedata
from collections.abc import Iterable
from typing import Any

# Spreadsheets treat a cell starting with these as a formula (or, for tab and CR, strip them and
# look at what follows); OWASP's advice is to prefix such text with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with text that a spreadsheet would run as a formula turned into plain text.

    Numbers stay numbers (a negative count is not text, and no spreadsheet runs it)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class _SafeRows:
    """Wraps a `csv.writer` so that every cell goes through `safe_cell`."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(out, **kwargs) -> _SafeRows:
    """`csv.writer(out, ...)` whose every cell goes through `safe_cell`."""
    return _SafeRows(csv.writer(out, **kwargs))


class SafeCsvDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every cell, header included, goes through `safe_cell`."""

    def __init__(self, out, fieldnames, **kwargs):
        super().__init__(out, fieldnames, **kwargs)
        self.writer = _SafeRows(self.writer)


def safe_filename(name: str, *, default: str = "file") -> str:
    """`name` without control characters or bidirectional overrides (which can make `exe.pdf`
    read as `fdp.exe`), and without any directory part."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"})
    cleaned = cleaned.strip().strip(".")
    return cleaned or default
