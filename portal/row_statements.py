"""`values()` rows of a list page, by a statement compiled once per shape of query.

A staff API page selects some twenty columns, several across a join. The ORM builds that select list and
compiles it again on every request: on a page of placements that cost more (about 0.8 ms) than PostgreSQL
takes to plan and run the statement (P6 in benchmarks/README.md). Here a request compiles only its *light*
query: the same query selecting the primary key and the annotations the row needs. The light statement's
text settles everything the full one depends on (tables, joins, conditions, order, limit, the annotations'
SQL), so the full statement is compiled once for it and kept; the request runs it with the light query's
parameters.

That holds only when the columns added to the light select list carry no parameter of their own, so the
two statements take the same parameters. Compiling the full statement checks it: a shape where they
differ is marked, and its rows are read by `values()` as before.
"""

import threading
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import BaseIterable, ValuesIterable

from portal.alongside import pending, with_insert

# The full statement of each light one: (SQL, the row's keys, converters by column), or None where the
# parameters differ. Bounded: the shapes are few (filters used, the number of an officer's regions).
_STATEMENTS: dict[tuple, tuple[str, list[str], list[tuple[int, list, Any]]] | None] = {}
_MAX_STATEMENTS = 1024
_LOCK = threading.Lock()
_UNKNOWN = object()


def rows_of(queryset: QuerySet, keys: tuple[str, ...]) -> QuerySet:
    """`queryset.values(*keys)` (the primary key first), read by a statement compiled once per shape. It may
    be filtered, ordered and sliced further, as any queryset."""
    light = queryset.values(*_light_keys(queryset, keys))
    light._iterable_class = _iterable(keys)
    return light


def _light_keys(queryset: QuerySet, keys: tuple[str, ...]) -> list[str]:
    annotations = queryset.query.annotations
    return [keys[0], *(key for key in keys[1:] if key in annotations)]


_ITERABLES: dict[tuple[str, ...], type] = {}


def _iterable(keys: tuple[str, ...]) -> type:
    # A class per set of keys: a queryset carries its iterable class through every filter, order and slice.
    if keys not in _ITERABLES:
        _ITERABLES[keys] = type("RowsIterable", (_RowsIterable,), {"keys": keys})
    return _ITERABLES[keys]


class _RowsIterable(BaseIterable):
    keys: tuple[str, ...] = ()

    def __iter__(self):
        queryset = self.queryset
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            light_sql, params = compiler.as_sql()
        except EmptyResultSet:
            return
        cache_key = (queryset.model, self.keys, queryset.db, light_sql)
        # One lookup, and the statement just compiled is used as it is: another thread may clear the store
        # (at its bound) between storing and reading it back.
        statement = _STATEMENTS.get(cache_key, _UNKNOWN)
        if statement is _UNKNOWN:
            statement = _full_statement(queryset, self.keys, params)
            _remember(cache_key, statement)
        if statement is None:
            yield from ValuesIterable(queryset.values(*self.keys))
            return
        sql, names, converters = statement
        connection = connections[queryset.db]
        alongside = pending(queryset.model, connection)
        if alongside is not None:
            sql, params = with_insert(sql, params, alongside, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if alongside is not None:
                alongside.written = True
            while rows := cursor.fetchmany(
                self.chunk_size
            ):  # a page is one chunk; a longer list is not held whole
                for row in rows:
                    yield dict(zip(names, _converted(row, converters, connection), strict=True))


def _converted(row: tuple, converters: list, connection) -> tuple | list:
    """The row with each column's converters applied, as Django's compiler applies them."""
    if not converters:
        return row
    values = list(row)
    for position, functions, expression in converters:
        value = values[position]
        for convert in functions:
            value = convert(value, expression, connection)
        values[position] = value
    return values


def _full_statement(queryset: QuerySet, keys: tuple[str, ...], light_params) -> tuple | None:
    full = queryset.values(*keys)
    compiler = full.query.get_compiler(full.db)
    sql, params = compiler.as_sql()
    if tuple(params) != tuple(light_params):
        return None
    query = full.query
    # As Django's ValuesIterable names the columns of a row.
    names = list(query.selected or [*query.extra_select, *query.values_select, *query.annotation_select])
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(expressions):
        return None
    converters = [
        (position, functions, expression)
        for position, (functions, expression) in compiler.get_converters(expressions).items()
    ]
    return sql, names, converters


def _remember(cache_key: tuple, statement: tuple | None) -> None:
    with _LOCK:
        if len(_STATEMENTS) >= _MAX_STATEMENTS:
            _STATEMENTS.clear()  # shapes past the bound: start again rather than grow without end
        _STATEMENTS[cache_key] = statement
