"""Enqueueing background jobs: the one way a write hands work to Celery."""

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, kwargs: dict[str, Any] | None = None, *, countdown: int | None = None) -> None:
    """Send `task` with `kwargs` once the current transaction commits (at once outside one), so the
    worker reads what was written. If the broker is down the write still stands: the scheduled sweeps
    and refreshes rebuild from PostgreSQL whatever the lost message would have done."""

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs or {}, countdown=countdown, retry=False)
        except Exception:  # noqa: BLE001 - any broker failure must not undo or fail the user's write
            logger.warning(
                "could not enqueue %s; the next scheduled sweep will pick the change up", task.name
            )

    transaction.on_commit(send)
