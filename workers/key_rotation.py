"""Key rotation: re-encrypting stored identifiers under the newest key, one batch at a time."""

import dataclasses

from django.db import models, transaction

from portal import crypto
from workers.models import Document, Worker

# Every column that holds an encrypted identifier (NIK; passport and other document numbers). Their
# blind indexes depend on BLIND_INDEX_KEY only, so a change of encryption key leaves them as they are.
ENCRYPTED_COLUMNS: tuple[tuple[type[models.Model], str], ...] = (
    (Worker, "nik_encrypted"),
    (Document, "number_encrypted"),
)


@dataclasses.dataclass
class RotationBatch:
    last_id: int | None  # None: nothing left after `after_id`
    rotated: int = 0
    current: int = 0
    failed_ids: list[int] = dataclasses.field(default_factory=list)


@transaction.atomic
def encrypted_column_rotate_batch(
    *, model: type[models.Model], column: str, after_id: int, batch_size: int
) -> RotationBatch:
    """Re-encrypt the next `batch_size` values after `after_id` (by id) under the newest key.

    One batch, one transaction: an interrupted run keeps every finished batch, and a new run skips
    values already under the newest key, so the command can simply be started again."""
    rows = list(
        model._default_manager.select_for_update()
        .filter(pk__gt=after_id)
        .exclude(**{column: ""})
        .order_by("pk")
        .only("pk", column)[:batch_size]
    )
    if not rows:
        return RotationBatch(last_id=None)
    batch = RotationBatch(last_id=rows[-1].pk)
    changed = []
    for row in rows:
        token = getattr(row, column)
        if crypto.is_current(token):
            batch.current += 1
            continue
        try:
            setattr(row, column, crypto.rotate(token))
        except ValueError:
            batch.failed_ids.append(row.pk)
            continue
        changed.append(row)
    # bulk_update writes the one column: no save(), so no signal re-evaluates an unchanged placement.
    model._default_manager.bulk_update(changed, [column])
    batch.rotated = len(changed)
    return batch
