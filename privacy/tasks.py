from celery import shared_task

from privacy.services import retention_apply


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def retention_apply_task() -> dict[str, int]:
    """Nightly: anonymise what retention says is due (and, run as the owner role, purge the access log)."""
    report = retention_apply()
    return {result.kind.value: result.count for result in report.results}
