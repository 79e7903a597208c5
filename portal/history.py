"""Change history for the bulk writes of the imports and sweeps.

`bulk_create`, `bulk_update` and `update` send no signals, so django-simple-history records nothing for
them by itself; each bulk write of a person record calls `history_bulk_record` right after, in the same
transaction. The rows are copied set-based (`INSERT INTO <history> SELECT ... FROM <table>`), so an
import of 100,000 rows pays one statement a chunk, not a Python object a row. The acting user is the
request's (the admin upload) or none (a management command), and the reason names the import."""

import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.bulk import insert_values

IMPORT_REASON = "import"
CHUNK = 5000  # ids a statement: well inside PostgreSQL's and SQLite's parameter limits

# The history columns simple-history adds, and what a bulk write puts in them.
_HISTORY_ONLY = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def history_bulk_record(
    *, model: type[models.Model], objs: Sequence[models.Model], updated: bool, reason: str = IMPORT_REASON
) -> None:
    """One history row per saved object, as its row now stands in the table."""
    history_bulk_record_ids(model=model, ids=[obj.pk for obj in objs], updated=updated, reason=reason)


def history_bulk_record_ids(
    *, model: type[models.Model], ids: Iterable[int], updated: bool, reason: str | None = IMPORT_REASON
) -> None:
    """One history row per id, copied from the table in one statement a chunk."""
    ids = list(ids)
    if not ids:
        return
    copy = f"{_history_insert(model)} {_quoted_table(model)} WHERE {_quoted_pk(model)}"
    values = _history_values(updated=updated, reason=reason)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # One array on PostgreSQL: a list of thousands of placeholders costs the driver more than
            # the copy costs the server.
            params: list[Any]
            if connection.vendor == "postgresql":
                among, params = "= ANY(%s)", [chunk]
            else:
                among, params = f"IN ({', '.join(['%s'] * len(chunk))})", chunk
            cursor.execute(f"{copy} {among}", [*values, *params])


@functools.cache
def _history_insert(model: type[models.Model]) -> str:
    """`INSERT INTO <history> (...) SELECT ..., <history columns> FROM`, the source to follow; worked out
    once per model: reading `model.history` builds a manager class each time (simple-history)."""
    manager: Any = getattr(model, "history")  # noqa: B009 - added by HistoricalRecords, unknown to mypy
    history_model = manager.model
    quote = connection.ops.quote_name
    # The tracked columns: the history table's own, which leave out what the model excludes (NIK).
    columns = [f.column for f in history_model._meta.concrete_fields if f.name not in _HISTORY_ONLY]
    copied = ", ".join(quote(c) for c in columns)
    extra = ", ".join(
        quote(c) for c in ["history_date", "history_change_reason", "history_type", "history_user_id"]
    )
    return (
        f"INSERT INTO {quote(history_model._meta.db_table)} ({copied}, {extra}) "  # noqa: S608 - names from _meta
        f"SELECT {copied}, %s, %s, %s, %s FROM"
    )


def _history_values(*, updated: bool, reason: str | None) -> list[Any]:
    return [timezone.now(), reason, "~" if updated else "+", _acting_user_id()]


def _quoted_table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _quoted_pk(model: type[models.Model]) -> str:
    return connection.ops.quote_name((model._meta.pk and model._meta.pk.column) or "id")


M = TypeVar("M", bound=models.Model)


def create_with_history(model: type[M], **fields: Any) -> M:
    """`model.objects.create(**fields)` and the history row simple-history would write (no change reason),
    copied from the new row as the bulk writes copy theirs. On PostgreSQL both in one statement, the values
    those `save()` would write (portal.bulk); simple-history would build its row in Python, and the two
    inserts were a registration's largest cost after its commit (P8 in benchmarks/README.md). No signal is
    sent: nothing else listens for a new record's save."""
    instance = model(**fields)
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        instance.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by simple-history
        instance.save(force_insert=True)
        del instance.skip_history_when_saving  # type: ignore[attr-defined]
        history_bulk_record_ids(model=model, ids=[instance.pk], updated=False, reason=None)
        return instance
    insert, values = insert_values(instance, database)
    with database.cursor() as cursor:
        cursor.execute(
            f"WITH created AS ({insert} RETURNING *) {_history_insert(model)} created RETURNING {_quoted_pk(model)}",
            [*values, *_history_values(updated=False, reason=None)],
        )
        instance.pk = cursor.fetchone()[0]
    instance._state.adding, instance._state.db = False, database.alias
    return instance


def _acting_user_id() -> int | None:
    """The signed-in user of the request being served (set by simple-history's middleware), if any."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None
