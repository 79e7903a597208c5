"""`enqueue_on_commit`, the one way a write hands work to Celery: nothing is sent before the commit,
nothing at all after a rollback, and a broker that is down never fails the write that enqueued."""

import logging

import pytest
from django.db import transaction

from portal.jobs import enqueue_on_commit

pytestmark = pytest.mark.django_db(transaction=True)


class FakeTask:
    name = "tests.fake"

    def __init__(self, *, broken: bool = False):
        self.sent: list[dict] = []
        self.broken = broken

    def apply_async(self, **options):
        if self.broken:
            raise ConnectionError("broker down")
        self.sent.append(options)


def test_a_task_is_sent_only_when_the_transaction_commits():
    task = FakeTask()
    with transaction.atomic():
        enqueue_on_commit(task, {"worker_ids": [7]}, countdown=120)
        assert task.sent == []

    assert task.sent == [{"kwargs": {"worker_ids": [7]}, "countdown": 120, "retry": False}]


def test_a_rolled_back_write_sends_nothing():
    task = FakeTask()
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(task, {"worker_ids": [7]})
        raise RuntimeError("the write failed")

    assert task.sent == []


def test_a_broker_failure_is_logged_and_does_not_fail_the_write(caplog):
    caplog.set_level(logging.WARNING, logger="portal.jobs")
    with transaction.atomic():
        enqueue_on_commit(FakeTask(broken=True), {"worker_ids": [7]})

    assert "could not enqueue tests.fake" in caplog.text
