"""Change history for the bulk writes of the imports.

`bulk_create` and `bulk_update` send no signals, so django-simple-history records nothing for them by
itself; each bulk write of a person record calls `history_bulk_record` right after, in the same
transaction. The acting user is the request's (the admin upload) or none (a management command), and
the reason names the import."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models

IMPORT_REASON = "import"


def history_bulk_record(
    *, model: type[models.Model], objs: Sequence[models.Model], updated: bool, reason: str = IMPORT_REASON
) -> None:
    """One history row per object as it now stands (`objs` must hold every tracked field)."""
    if objs:
        manager: Any = getattr(model, "history")  # noqa: B009 - added by HistoricalRecords, unknown to mypy
        manager.bulk_history_create(list(objs), update=updated, default_change_reason=reason)


def history_bulk_record_ids(
    *, model: type[models.Model], ids: Iterable[int], updated: bool, reason: str = IMPORT_REASON
) -> None:
    """The same for rows written from partial objects: reads them back in one query first."""
    ids = list(ids)
    if ids:
        rows = list(model._default_manager.filter(pk__in=ids))
        history_bulk_record(model=model, objs=rows, updated=updated, reason=reason)
