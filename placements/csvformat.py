"""Reading the exchange format (exchange-format.md): header row, free column order, empty = unknown,
ISO dates, case-insensitive codes. Parsers raise ValueError with a message for the user."""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.identifiers import PhoneInvalid, phone_normalise


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


class RowInvalid(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def read_rows(
    handle: io.TextIOBase, known: set[str]
) -> tuple[Iterator[tuple[int, dict[str, str]]], list[str]]:
    """(line number, row) pairs with stripped values, and the header's unknown columns (ignored)."""
    reader = csv.DictReader(handle)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    unknown = [name for name in header if name and name not in known]

    def rows():
        for row in reader:
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
