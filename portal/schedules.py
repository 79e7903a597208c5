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
    # The rule engine: nightly full sweep, hourly sweep of recent changes, and a check after deploys
    # that re-sweeps any rule whose version changed.
    "flags-full-sweep": {
        "task": "placements.tasks.flags_sweep",
        "schedule": crontab(hour=1, minute=30),
    },
    "flags-recent-sweep": {
        "task": "placements.tasks.flags_sweep_recent",
        "schedule": crontab(minute=10),
    },
    "complaints-sla": {
        "task": "complaints.tasks.complaints_sla_check",
        "schedule": crontab(minute=5),
    },
    "complaints-held-uploads-sweep": {
        "task": "complaints.tasks.complaints_held_uploads_sweep",
        "schedule": crontab(minute=50),
    },
    # Dashboards read only the summary: rebuilt twice an hour, after the recent-changes sweep.
    "dashboards-summary-refresh": {
        "task": "dashboards.tasks.summary_refresh_task",
        "schedule": crontab(minute="25,55"),
    },
    # Retention (privacy/retention.py): nightly, before the flags sweep and the summary rebuild.
    "privacy-retention": {
        "task": "privacy.tasks.retention_apply_task",
        "schedule": crontab(hour=0, minute=45),
    },
    "flags-rule-versions": {
        "task": "placements.tasks.flags_check_rule_versions",
        "schedule": crontab(minute=40),
    },
}
