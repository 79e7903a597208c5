import logging

from celery import shared_task
from django.db import transaction

from dashboards.services import summary_refresh

logger = logging.getLogger(__name__)

# After an import, wait a little so the flag evaluation it triggered is in the summary too.
AFTER_IMPORT_DELAY_S = 120


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def summary_refresh_task() -> int:
    rows = summary_refresh()
    logger.info("summary refreshed: %s rows", rows)
    return rows


def summary_refresh_later(**_signal_kwargs) -> None:
    """Refresh the summary once the current transaction commits. A lost message loses nothing: the
    scheduled refresh rebuilds everything from the base tables."""

    def send() -> None:
        try:
            summary_refresh_task.apply_async(countdown=AFTER_IMPORT_DELAY_S, retry=False)
        except Exception:  # noqa: BLE001 - a broker failure must not fail the import that triggered it
            logger.warning("could not enqueue the summary refresh; the scheduled one will catch up")

    transaction.on_commit(send)
