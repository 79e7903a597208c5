"""Records as old as a retention test needs: built while the clock is moved back, so every stamp the
services set (registration, consent, documents, complaint times) is as old as the record."""

import datetime

import time_machine
from django.utils import timezone

from complaints.choices import Status
from complaints.models import Complaint
from tests.builders import make_worker
from tests.complaints.builders import make_complaint, make_complaint_in
from workers.models import Worker, WorkerStatus

NOW = timezone.now


def years_ago(years: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=round(365 * years) + 1)


def old_worker(years: float, *, verified: bool = False, **fields) -> Worker:
    """A registration last touched `years` ago (unverified unless told)."""
    with time_machine.travel(years_ago(years), tick=False):
        worker = make_worker(**fields)
        if verified:
            Worker.objects.filter(pk=worker.pk).update(
                status=WorkerStatus.VERIFIED, verified_at=timezone.now()
            )
    return Worker.objects.get(pk=worker.pk)


def old_closed_complaint(years: float, *, actor, worker: Worker | None = None) -> Complaint:
    """A complaint closed `years` ago."""
    with time_machine.travel(years_ago(years), tick=False):
        complaint = make_complaint_in(Status.CLOSED, actor=actor)
    if worker is not None:
        Complaint.objects.filter(pk=complaint.pk).update(worker=worker)
    return Complaint.objects.get(pk=complaint.pk)


def old_open_complaint(years: float) -> Complaint:
    with time_machine.travel(years_ago(years), tick=False):
        return make_complaint()
