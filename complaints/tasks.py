from celery import shared_task

from complaints.held_uploads import held_uploads_sweep
from complaints.services import complaints_mark_overdue


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def complaints_sla_check() -> int:
    """Mark complaints past their due time and e-mail the assignee and supervisors (once per complaint)."""
    return len(complaints_mark_overdue())


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def complaints_held_uploads_sweep() -> int:
    """Delete files held for complaint forms that were never sent (older than a day)."""
    return held_uploads_sweep()
