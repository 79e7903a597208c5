"""Redis down: an officer's write stands, quickly, and the flags catch up with the next sweep.

The rule engine's messages are sent after the commit (`enqueue_on_commit`) and a broker failure is
swallowed; PostgreSQL stays the source of truth and the hourly sweep of recent changes evaluates what a
lost message missed (architecture.md, background jobs). These tests need neither Redis nor PostgreSQL:
they run on SQLite too, and are never skipped.
"""

import datetime
import logging
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.db import connections, transaction

from placements.models import Flag, Placement
from placements.services import placement_save
from placements.tasks import flags_sweep_recent
from portal import crypto
from tests.integration.conftest import celery_app_pointed_at
from workers.models import Worker, new_registration_number

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SAVE_BUDGET = 10  # seconds: the officer's save may wait for the broker this long at most
LAMPUNG_TIMUR_VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur


def lampung_worker() -> Worker:
    nik = "1807015705990001"
    return Worker.objects.create(
        registration_number=new_registration_number(),
        nik_encrypted=crypto.encrypt(nik),
        nik_index=crypto.blind_index(nik),
        nik_last4=nik[-4:],
        full_name="Siti Rahmawati",
        sex="F",
        birth_date=datetime.date(1999, 5, 17),
        birth_place="Metro",
        phone="081234567890",
        domicile_village_id=LAMPUNG_TIMUR_VILLAGE,
    )


def on_a_tourist_visa(worker: Worker) -> Placement:
    """A government-scheme placement that breaks one rule only: NP-VISA (no departure date yet)."""
    return Placement(
        external_id="RD-0001",
        worker=worker,
        scheme="G2G",
        destination_country_id="KR",
        position_id="MANUFACTURING",
        employer_type="LEGAL_ENTITY",
        visa_type="TOURIST",
    )


def test_a_placement_saved_while_redis_is_down_is_saved_at_once_and_flagged_by_the_next_sweep(
    celery_app_on_dead_broker, regions, caplog
):
    assert celery_app_on_dead_broker.conf.task_always_eager is False
    worker = lampung_worker()
    caplog.set_level(logging.WARNING, logger="portal.jobs")

    started = time.monotonic()
    with transaction.atomic():
        placement = placement_save(placement=on_a_tourist_visa(worker))
    elapsed = time.monotonic() - started

    print(f"\nsave with the broker down took {elapsed:.2f} s")
    assert elapsed < SAVE_BUDGET
    assert Placement.objects.filter(pk=placement.pk, visa_type="TOURIST").exists()
    # The message was really attempted (not run eagerly), failed, and was let go.
    assert "could not enqueue placements.tasks.flags_evaluate" in caplog.text
    assert not Flag.objects.filter(placement=placement).exists()

    # The hourly sweep of recent changes, in this process, catches up.
    assert flags_sweep_recent() >= 1
    flag = Flag.objects.get(placement=placement)
    assert (flag.rule, flag.status, flag.severity, flag.evidence) == (
        "NP-VISA",
        "OPEN",
        "C",
        {"visa_type": "TOURIST"},
    )


# -- a broker that accepts connections and never answers ---------------------------------------------------


@dataclass
class FrozenBroker:
    """A local port that accepts TCP connections and never says a word: Redis frozen (paused, swapping,
    stuck in a long script) or a dead Redis behind a proxy that still accepts. `release()` closes
    everything, so whoever still waits on it gets an error at last."""

    server: socket.socket
    accepted: list[socket.socket] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"

    def serve(self) -> None:
        self.server.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                connection, _address = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(connection)

    def release(self) -> None:
        self.stopped.set()
        self.server.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def frozen_broker():
    broker = FrozenBroker(socket.create_server(("127.0.0.1", 0)))
    thread = threading.Thread(target=broker.serve, daemon=True)
    thread.start()
    yield broker
    broker.release()
    thread.join(timeout=5)


def save_in_a_thread(placement: Placement) -> tuple[threading.Thread, dict]:
    """placement_save in a transaction, in a thread of its own: if it hangs the test still ends."""
    outcome: dict = {}

    def run() -> None:
        started = time.monotonic()
        try:
            with transaction.atomic():
                outcome["placement"] = placement_save(placement=placement)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            outcome["error"] = exc
        finally:
            outcome["elapsed"] = time.monotonic() - started
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_placement_saved_while_redis_does_not_answer_is_saved_within_the_budget(
    frozen_broker, regions, caplog
):
    worker = lampung_worker()
    caplog.set_level(logging.WARNING, logger="portal.jobs")
    with celery_app_pointed_at(frozen_broker.url):
        thread, outcome = save_in_a_thread(on_a_tourist_visa(worker))
        thread.join(timeout=SAVE_BUDGET)
        returned_in_time = not thread.is_alive()
        # Let a hanging publish fail (its connection closes), so the thread and its connection end.
        frozen_broker.release()
        thread.join(timeout=60)
    assert not thread.is_alive(), "the save still hangs after the broker went away"
    assert "error" not in outcome, outcome.get("error")

    print(f"\nsave with the broker frozen took {outcome['elapsed']:.2f} s")
    assert returned_in_time, f"placement_save did not return within {SAVE_BUDGET} s"
    assert outcome["elapsed"] < SAVE_BUDGET
    placement = outcome["placement"]
    assert Placement.objects.filter(pk=placement.pk).exists()
    assert "could not enqueue placements.tasks.flags_evaluate" in caplog.text

    flags_sweep_recent()
    assert list(Flag.objects.filter(placement=placement).values_list("rule", flat=True)) == ["NP-VISA"]
