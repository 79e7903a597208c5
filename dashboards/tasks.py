import logging

from celery import shared_task

from dashboards.services import summary_refresh
from portal.jobs import enqueue_on_commit

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
    enqueue_on_commit(summary_refresh_task, countdown=AFTER_IMPORT_DELAY_S)
