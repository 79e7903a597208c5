import socket

from celery import shared_task

from accounts.services import heartbeat_prune as _prune
from accounts.services import heartbeat_record as _record


@shared_task(time_limit=30, soft_time_limit=25)
def heartbeat_record(hostname: str | None = None) -> int:
    return _record(hostname=hostname or socket.gethostname()).pk


@shared_task(time_limit=300, soft_time_limit=270)
def heartbeat_prune() -> int:
    return _prune()
