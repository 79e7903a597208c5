"""A task sent through Redis is run by a real Celery worker process, which writes to the test database."""

import pytest
from celery.result import EagerResult

from accounts.models import WorkerHeartbeat
from accounts.tasks import heartbeat_record
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HOSTNAME = "integration-test-host"


def test_worker_records_a_heartbeat_sent_through_the_broker(celery_worker, celery_app_on_broker, request):
    worker = request.node.celery_workers[0]
    assert not WorkerHeartbeat.objects.filter(hostname=HOSTNAME).exists()

    result = heartbeat_record.apply_async(args=[HOSTNAME], queue=celery_worker)

    # Not run in this process: an eager run would have written the row before returning.
    assert not isinstance(result, EagerResult)
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(hostname=HOSTNAME).first())
    assert beat is not None, f"no heartbeat from the worker within 60 s; worker log:\n{worker.log()}"
    assert WorkerHeartbeat.objects.filter(hostname=HOSTNAME).count() == 1
    assert wait_for(lambda: f"accounts.tasks.heartbeat_record[{result.id}] succeeded" in worker.log(), 10), (
        worker.log()
    )
