"""Inserting many new rows of one model: COPY on PostgreSQL, `bulk_create` elsewhere.

An import writes its new workers and placements 2,000 at a time. `bulk_create` sends them as one
INSERT whose values psycopg quotes into the statement text in Python, and the server then parses that
text again; COPY streams the rows in the table's own text format, which psycopg writes in C. At
100,000 rows that is most of the time an import spends in the database driver.

The values are what `bulk_create` would write: each field's `pre_save` (so `auto_now` columns and
normalising fields do their work) and `get_db_prep_save`. Ids are drawn from the table's sequence first,
so every object comes back with its pk, as `bulk_create` returns them on PostgreSQL. Related objects
are given by id (`worker_id=...`), as the imports do; no signal is sent, as with `bulk_create`."""

from collections.abc import Sequence
from typing import TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def bulk_insert(objs: Sequence[M]) -> Sequence[M]:
    """Insert new objects of one model and set their primary keys; returns them."""
    if not objs:
        return objs
    model = type(objs[0])
    # The database itself, not the `connection` proxy: each field reads it for each value.
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs)
    meta = model._meta
    pk = meta.pk
    if not isinstance(pk, models.AutoField):
        raise TypeError(f"bulk_insert needs an automatic id; {meta.label} has none")
    fields = written_fields(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, field.column)) for field in [pk, *fields])  # concrete: never None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.get_attname_column()[1], len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        # Django's wrapper has no COPY; its psycopg cursor, on the same connection and transaction, has.
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj, pk_value in zip(objs, ids, strict=True):
                obj.pk = pk_value
                copy.write_row(
                    [
                        pk_value,
                        *(_value(field, obj, connection) for field in fields),
                    ]
                )
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def insert_one(obj: M) -> M:
    """`obj.save()` for a new object with an automatic id: one INSERT of the values `save()` writes. For a
    row written on every request (the access log), Django's save machinery cost more than the statement
    (P7 in benchmarks/README.md). No signal is sent, as with `bulk_create`; elsewhere than PostgreSQL, save()."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        obj.save(force_insert=True)
        return obj
    meta = obj._meta
    insert, values = insert_values(obj, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{insert} RETURNING {connection.ops.quote_name(cast(str, cast(models.Field, meta.pk).column))}",
            values,
        )
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias
    return obj


def insert_values(obj: models.Model, connection) -> tuple[str, list]:
    """`INSERT INTO <table> (<columns>) VALUES (%s, ...)` for a new object, but its automatic id, and the values
    `save()` would write."""
    fields = written_fields(type(obj))
    placeholders = ", ".join(["%s"] * len(fields))
    insert = f"{insert_into(type(obj), connection)} VALUES ({placeholders})"
    return insert, [_value(f, obj, connection) for f in fields]


def insert_into(model: type[models.Model], connection) -> str:
    """`INSERT INTO <table> (<columns>)`: the columns `insert_values` writes, in its order."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, f.column)) for f in written_fields(model))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns})"


def written_fields(model: type[models.Model]) -> list:
    return [field for field in model._meta.concrete_fields if field is not model._meta.pk]


def _value(field, obj: models.Model, connection):
    return field.get_db_prep_save(field.pre_save(obj, True), connection)
