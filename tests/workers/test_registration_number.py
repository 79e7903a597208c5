"""A registration draws a random registration number; in the one-in-a-billion case that it is taken, the
whole registration is written again with another (portal.identifiers.atomic_with_fresh_code), so no
savepoint surrounds every insert for that rare case (P8 in benchmarks/README.md)."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from portal.errors import ApplicationError
from tests.workers.builders import make_worker
from workers import services
from workers.models import ConsentEvent, Worker

pytestmark = pytest.mark.django_db

FRESH = "CPMI-ZZZZZ-ZZZZ2"


def drawing(monkeypatch, *numbers: str) -> list[str]:
    """Registration numbers drawn in this order (the last again and again); returns those drawn."""
    drawn: list[str] = []

    def draw() -> str:
        drawn.append(numbers[min(len(drawn), len(numbers) - 1)])
        return drawn[-1]

    monkeypatch.setattr(services, "new_registration_number", draw)
    return drawn


def test_a_taken_number_draws_another_and_the_registration_is_written_once(monkeypatch):
    taken = make_worker().registration_number
    drawn = drawing(monkeypatch, taken, FRESH)
    worker = make_worker(full_name="Dewi Lestari")
    assert drawn == [taken, FRESH] and worker.registration_number == FRESH
    assert Worker.objects.filter(full_name="Dewi Lestari").count() == 1
    assert ConsentEvent.objects.filter(worker=worker).count() == 1
    assert Worker.history.filter(id=worker.pk).count() == 1


def test_numbers_taken_again_and_again_answer_try_again_later_and_write_nothing(monkeypatch):
    taken = make_worker().registration_number
    drawn = drawing(monkeypatch, taken)
    with pytest.raises(ApplicationError) as refused:
        make_worker(full_name="Dewi Lestari")
    assert refused.value.status == 503 and len(drawn) == 5
    assert not Worker.objects.filter(full_name="Dewi Lestari").exists()


def test_another_integrity_error_is_not_retried(monkeypatch):
    from regions.models import Village

    drawn = drawing(monkeypatch, FRESH)
    village = Village.objects.first()

    def breaks_another_constraint(model, **fields):
        Village.objects.create(code=village.code, name="Kembar", district=village.district)  # taken key

    monkeypatch.setattr(services, "create_with_history", breaks_another_constraint)
    with pytest.raises(IntegrityError):
        make_worker()
    assert drawn == [FRESH]


def test_a_registration_opens_no_savepoint_around_its_insert():
    make_worker()  # the process keeps the reference data
    with CaptureQueriesContext(connection) as captured:
        make_worker()
    savepoints = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SAVEPOINT")]
    # One: a test runs inside a transaction, so the registration's own transaction is a savepoint here.
    assert len(savepoints) == 1
