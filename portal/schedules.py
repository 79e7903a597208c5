"""Every periodic task of the portal, declared here and nowhere else.

django-celery-beat copies these into its tables at start, where officers can see them in the admin.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "worker-heartbeat": {
        "task": "accounts.tasks.heartbeat_record",
        "schedule": 60.0,
    },
    "prune-heartbeats": {
        "task": "accounts.tasks.heartbeat_prune",
        "schedule": crontab(hour=3, minute=15),
    },
}
