"""A row written by the statement that reads a page: one round trip for both.

Every staff API list of people writes one access-log row with the number of rows it returned. Written by a
statement of its own, after the page, it cost a second round trip to the database, and a round trip made
after some milliseconds of Python costs more than one made at once (a `SELECT 1` after 3 to 5 ms of Python:
0.35-0.5 ms here, against 0.2 ms back to back); in a request the separate INSERT took as long as the page's
own statement, 1.1 ms (P6 in benchmarks/README.md).

So the caller announces the row (`insert_alongside`), and the page's statement (`portal.row_statements`)
carries it as a data-modifying `WITH`: PostgreSQL inserts it, with the number of rows the page read, in
the same statement and so the same commit as the read. When no statement took it (another database,
another shape of query, no query at all), `written` stays false and the caller writes the row itself: the
row is written either way, once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import cast

from django.db import models

from portal.bulk import insert_into, insert_values, written_fields


@dataclass
class Alongside:
    """`obj` (new, unsaved) to insert with the next page of `model` read, with the number of rows the
    statement returns, at most `cap`, set under `count_key` in its JSON field `count_field`."""

    obj: models.Model
    model: type[models.Model]
    count_field: str
    count_key: str
    cap: int
    written: bool = False


_PENDING: ContextVar[Alongside | None] = ContextVar("alongside", default=None)


@contextmanager
def insert_alongside(alongside: Alongside) -> Iterator[Alongside]:
    """While the block runs, the first row statement reading `alongside.model` inserts the object too."""
    token = _PENDING.set(alongside)
    try:
        yield alongside
    finally:
        _PENDING.reset(token)


def pending(model: type[models.Model], connection) -> Alongside | None:
    alongside = _PENDING.get()
    if alongside is None or alongside.written or alongside.model is not model:
        return None
    return alongside if connection.vendor == "postgresql" else None


def with_insert(sql: str, params, alongside: Alongside, connection) -> tuple[str, list]:
    """The page's statement with the insert in a `WITH`. MATERIALIZED: the page is computed once, though read
    twice (for its rows and for their number); a scan of a materialized `WITH` returns its rows in the order
    they were stored, the page statement's own (the tests compare every shape with `values()`)."""
    model = type(alongside.obj)
    _insert, values = insert_values(alongside.obj, connection)
    field = cast(models.Field, alongside.obj._meta.get_field(alongside.count_field))
    position = written_fields(model).index(field)
    placeholders = ["%s"] * len(values)
    placeholders[position] = '(%s || jsonb_build_object(%s::text, LEAST((SELECT count(*) FROM "_page"), %s)))'
    values[position : position + 1] = [values[position], alongside.count_key, alongside.cap]
    # The page's compiled SQL and the table's quoted names; every value is a parameter.
    statement = (
        f'WITH "_page" AS MATERIALIZED ({sql}), '  # noqa: S608
        f'"_written" AS ({insert_into(model, connection)} VALUES ({", ".join(placeholders)})) '
        'SELECT * FROM "_page"'
    )
    return statement, [*params, *values]
