"""The nightly sweep survives a worker dying mid-way: a real worker (solo pool, concurrency 1, visibility
timeout 5 s) is SIGKILLed in the middle of a range task, and the flags still end up exactly as an
undisturbed sweep leaves them: none missing (the range that was cut short runs again once its message
comes back after the visibility timeout), none doubled.

- The dead worker was the only one: a new worker on the same queue finishes the sweep. It is started
  once the dead worker's message is visible again, so its start-up restore takes the message back.
- One of two workers dies: the one still running takes the message back by itself, within seconds
  of the visibility timeout (kombu checks for abandoned messages every `unacked_restore_interval`).

The kill is aimed: once 30% of the flags are written, the test freezes the flags table with a lock and
kills a worker whose range is half-written, so the redelivery is what completes that range.
Needs PostgreSQL and Redis (skipped without them on a developer's machine, required in CI).
"""

import bisect
import datetime
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import redis
from django.db import connection, transaction

from placements.models import Agency, AgencyLicence, Flag, JobOrder, Placement
from placements.rules import engine
from placements.tasks import flags_sweep
from portal import crypto
from regions.models import Village
from tests.builders import make_nik
from tests.integration.conftest import CeleryWorker, unacked_messages, wait_for
from workers.models import Worker, new_registration_number

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

D = datetime.date
DAY = datetime.timedelta(days=1)

PLACEMENTS = 3_000
RANGE_SIZE = 100  # ids per range task: 30 ranges
VISIBILITY_TIMEOUT = 5  # seconds before a dead worker's message goes back on the queue
WORKER_ENV = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
KILL_AT = 0.3  # kill a worker once this share of the flags is written
RECOVERY_BUDGET = 90  # seconds for the new worker to finish the sweep
SURVIVOR_BUDGET = 60  # seconds for the surviving worker: the visibility timeout and a restore sweep or two
RANGE_TASK = "placements.tasks.flags_sweep_range"


# -- data: a few thousand placements, each kind breaking its own rules ------------------------------------


def _workers(count: int) -> list[Worker]:
    """Lampung workers written the way the registration service writes them (NIK encrypted, blind
    index, last 4), without its per-row checks. A few are under age or have an inconsistent NIK."""
    villages = list(
        Village.objects.filter(code__startswith="18.").order_by("code").values_list("code", flat=True)[:20]
    )
    assert len(villages) == 20, "regions not loaded"
    workers = []
    for j in range(count):
        sex = "F" if j % 3 else "M"
        birth = D(2009, 6, 1) if j % 53 == 0 else D(1990 + j % 15, 1 + j % 12, 1 + j % 28)
        village = villages[j % len(villages)]
        nik = make_nik(village[:8], sex, birth, j + 1)
        workers.append(
            Worker(
                registration_number=new_registration_number(),
                nik_encrypted=crypto.encrypt(nik),
                nik_index=crypto.blind_index(nik),
                nik_last4=nik[-4:],
                nik_issue="SEX" if j % 37 == 0 else "",
                full_name=f"Pekerja Uji {j}",
                sex=sex,
                birth_date=birth,
                birth_place="Metro",
                phone="081200000000",
                domicile_village_id=village,
            )
        )
    return Worker.objects.bulk_create(workers)


def _agencies() -> tuple[Agency, Agency, list[JobOrder]]:
    licensed = Agency.objects.create(name="PT Sinar Lampung Sejahtera", licence_number="KEP.101/PPTKIS/2023")
    AgencyLicence.objects.create(
        agency=licensed,
        event="ISSUED",
        effective_date=D(2023, 1, 10),
        valid_until=D(2028, 1, 9),
        basis="KEP 1",
    )
    revoked = Agency.objects.create(name="PT Bayu Samudra", licence_number="KEP.202/PPTKIS/2022")
    AgencyLicence.objects.create(
        agency=revoked,
        event="ISSUED",
        effective_date=D(2022, 3, 1),
        valid_until=D(2027, 2, 28),
        basis="KEP 2",
    )
    AgencyLicence.objects.create(
        agency=revoked, event="REVOKED", effective_date=D(2025, 12, 1), basis="KEP 3"
    )
    job_orders = [
        JobOrder.objects.create(
            number=f"SIP2MI/2025/LPG/{n:04d}",
            agency=licensed,
            country_id="TW",
            position_id="ELDERLY_CARER",
            quota=100,  # each is used by about 300 placements: the later ones are over the quota
            valid_from=D(2025, 6, 1),
            valid_until=D(2027, 6, 30),
        )
        for n in range(3)
    ]
    return licensed, revoked, job_orders


def build_placements(count: int) -> int:
    """`count` placements of count/2 workers; returns the number written."""
    workers = _workers(count // 2)
    licensed, revoked, job_orders = _agencies()
    placements = []
    for i in range(count):
        departure = D(2026, 2, 1) + (i % 90) * DAY if i % 3 else None
        fields = {
            "source": "itest",
            "external_id": f"KW-{i:05d}",
            "worker": workers[i // 2],
            "scheme": "P2P",
            "destination_country_id": "TW",
            "position_id": "ELDERLY_CARER",
            "employer_type": "LEGAL_ENTITY",
            "visa_type": "WORK",
            "recruited_date": D(2025, 10, 1) + (i % 60) * DAY,
            "departure_date": departure,
            "exit_point": "Bandara Radin Inten II",
            "official_exit": True,
            "contract_months": 24,
            "bpjs_valid_until": None if i % 4 == 0 else D(2029, 6, 30),  # NP-BPJS when departing
            "opp_date": departure - 10 * DAY if departure and i % 5 else None,
            "phase": "MASA" if departure and i % 5 == 0 else "PRA",  # MASA without OPP: NP-OPP
        }
        kind = i % 10
        if kind in (0, 1, 2):  # the legal route, some beyond their job order's quota
            job_order = job_orders[i % 3]
            fields.update(
                agency=licensed,
                agency_licence_number=licensed.licence_number,
                job_order=job_order,
                job_order_number=job_order.number,
                recruiter_type="AGENCY",
            )
        elif kind == 3:  # a calo without an agency; half of them recruit whole groups of one village
            fields.update(
                recruiter_type="INDIVIDUAL",
                recruiter_name="Pak Calo",
                recruiter_phone=f"0812990{(i // 200):04d}" if (i // 200) % 2 == 0 else "",
                recruited_date=D(2026, 1, 5) + ((i // 10) % 20) * DAY,
            )
        elif kind == 4:  # tourist visa through an agency whose licence was revoked
            fields.update(agency=revoked, agency_licence_number=revoked.licence_number, visa_type="TOURIST")
        elif kind == 5:  # independent placement with a household employer
            fields.update(scheme="MANDIRI", employer_type="INDIVIDUAL")
        elif kind == 6:  # a zero-cost position, charged all the same
            fields.update(scheme="G2G", position_id="HOUSEKEEPER", destination_country_id="HK")
            fields.update(fees_charged_idr=7_500_000 if i % 4 else 0)
        elif kind == 7:  # through an unofficial exit point, on an umrah visa now and then
            fields.update(scheme="G2G", exit_point="Pelabuhan rakyat Dumai", official_exit=False)
            fields.update(visa_type="UMRAH" if i % 3 == 0 else "WORK")
        elif kind == 8:  # a country closed to placement
            fields.update(scheme="G2P", destination_country_id="KH", position_id="MANUFACTURING")
        else:  # domestic work for a household in a moratorium country
            fields.update(
                scheme="G2P",
                destination_country_id="SA",
                position_id="HOUSEKEEPER",
                employer_type="INDIVIDUAL",
            )
        placements.append(Placement(**fields))
    return len(Placement.objects.bulk_create(placements, batch_size=1_000))


def flags_now() -> set[tuple]:
    return {
        (placement_id, rule, rule_version, severity, status, json.dumps(evidence, sort_keys=True))
        for placement_id, rule, rule_version, severity, status, evidence in Flag.objects.values_list(
            "placement_id", "rule", "rule_version", "severity", "status", "evidence"
        )
    }


# -- the scenario ------------------------------------------------------------------------------------------


@dataclass
class Sweep:
    expected: set[tuple]  # the flags of an undisturbed sweep
    ranges: list[tuple[int, int]]  # the id ranges of the range tasks
    per_range: Counter  # expected flags in each range
    started: float = field(default_factory=time.monotonic)
    timings: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str) -> None:
        self.timings[name] = round(time.monotonic() - self.started, 2)

    def range_of(self, placement_id: int) -> int:
        return bisect.bisect_right([first for first, _last in self.ranges], placement_id) - 1


def prepare() -> Sweep:
    """The data, the flags an undisturbed sweep leaves (in this process), then no flags at all."""
    started = time.monotonic()
    assert build_placements(PLACEMENTS) == PLACEMENTS
    engine.sweep()  # the whole table in one range: the range tasks must add up to the same flags
    expected = flags_now()
    ranges = engine.sweep_ranges(RANGE_SIZE)
    sweep = Sweep(expected=expected, ranges=ranges, per_range=Counter(), started=started)
    sweep.per_range.update(sweep.range_of(flag[0]) for flag in expected)
    sweep.mark("data built and swept in-process")
    assert len(ranges) >= 24, len(ranges)
    assert len({flag[1] for flag in expected}) >= 10, {flag[1] for flag in expected}
    assert {flag[4] for flag in expected} == {"OPEN"}
    Flag.objects.all().delete()
    return sweep


def kill_mid_range(workers: list[CeleryWorker], sweep: Sweep, broker) -> tuple[CeleryWorker, dict, int]:
    """Once KILL_AT of the flags are written, freeze the flags table (a SHARE lock makes the workers'
    next write wait) and SIGKILL a worker whose range is half-written: the rest of that range's flags
    can only come from running it again. Between two ranges, let go and try again a moment later.
    Returns the killed worker, the message it was running and the number of flags written."""
    queue = workers[0].queue
    deadline = time.monotonic() + 60
    while True:
        while Flag.objects.count() < len(sweep.expected) * KILL_AT:
            assert time.monotonic() < deadline, "the sweep did not get going within 60 s"
            assert all(worker.process.poll() is None for worker in workers)
            time.sleep(0.01)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Flag._meta.db_table} IN SHARE MODE")
            written = Counter(map(sweep.range_of, Flag.objects.values_list("placement_id", flat=True)))
            half_written = {sweep.ranges[r][0] for r, n in written.items() if n < sweep.per_range[r]}
            for message in unacked_messages(broker, {queue}):
                if message["task"] != RANGE_TASK or message["kwargs"]["first_id"] not in half_written:
                    continue
                victim = next((w for w in workers if f"[{message['id']}] received" in w.log()), None)
                if victim is not None:
                    victim.kill()
                    return victim, message, written.total()
        assert written.total() < len(sweep.expected), "the sweep finished before a worker could be killed"
        assert time.monotonic() < deadline, "no worker was ever caught in the middle of a range"
        time.sleep(0.02)


def finish(sweep: Sweep, survivor: CeleryWorker, interrupted: dict, broker, budget: float) -> None:
    """Wait for the flags to equal the undisturbed sweep's, exactly; the interrupted range ran again."""
    deadline = time.monotonic() + budget
    while (now := flags_now()) != sweep.expected and time.monotonic() < deadline:
        time.sleep(0.5)
    sweep.mark("flags complete" if now == sweep.expected else f"gave up after {budget} s")
    print("timings (s since start):", sweep.timings)
    missing, extra = sweep.expected - now, now - sweep.expected
    first_id, last_id = interrupted["kwargs"]["first_id"], interrupted["kwargs"]["last_id"]
    assert not missing and not extra, (
        f"{len(missing)} flags missing and {len(extra)} unexpected {budget} s after the kill; "
        f"missing in the interrupted range {first_id}-{last_id}: "
        f"{sum(first_id <= flag[0] <= last_id for flag in missing)}; "
        f"still unacknowledged: {[(m['task'], m['kwargs']) for m in unacked_messages(broker, {survivor.queue})]}"
    )
    assert Flag.objects.count() == len(sweep.expected)
    # The worker logs the success just after the task's commit: give a loaded machine a moment.
    assert wait_for(lambda: f"flags_sweep_range[{interrupted['id']}] succeeded" in survivor.log(), 30)


# -- the tests ---------------------------------------------------------------------------------------------


def test_a_sweep_whose_only_worker_is_killed_is_finished_exactly_by_the_next_worker(
    celery_worker_factory, celery_app_on_broker, celery_broker_url, regions
):
    """One worker, killed mid-range; then a new one on the same queue, started once the dead worker's
    message is visible again (as a supervisor restarting a worker after a pause does): its start-up
    restore puts the message back on the queue."""
    sweep = prepare()
    broker = redis.Redis.from_url(celery_broker_url)
    first = celery_worker_factory(env=WORKER_ENV)
    sweep.mark("first worker ready")
    flags_sweep.apply_async(kwargs={"batch_size": RANGE_SIZE}, queue=first.queue)

    _victim, interrupted, written = kill_mid_range([first], sweep, broker)
    sweep.mark("first worker killed")
    report_kill(sweep, interrupted, written)
    assert 0 < written < len(sweep.expected)
    assert [m["id"] for m in unacked_messages(broker, {first.queue})] == [interrupted["id"]]

    # Its message comes back once VISIBILITY_TIMEOUT has passed since its delivery.
    time.sleep(max(0.0, interrupted["delivered_at"] + VISIBILITY_TIMEOUT + 1 - time.time()))
    second = celery_worker_factory(queue=first.queue, env=WORKER_ENV)
    sweep.mark("second worker ready")
    finish(sweep, second, interrupted, broker, RECOVERY_BUDGET)


def test_a_sweep_survives_one_of_two_workers_being_killed(
    celery_worker_factory, celery_app_on_broker, celery_broker_url, regions
):
    """Two workers share the sweep; one is killed mid-range. The other, already running, must get the
    dead worker's message back shortly after the visibility timeout and finish the sweep exactly."""
    sweep = prepare()
    broker = redis.Redis.from_url(celery_broker_url)
    first = celery_worker_factory(env=WORKER_ENV)
    other = celery_worker_factory(queue=first.queue, env=WORKER_ENV)
    sweep.mark("two workers ready")
    flags_sweep.apply_async(kwargs={"batch_size": RANGE_SIZE}, queue=first.queue)

    victim, interrupted, written = kill_mid_range([first, other], sweep, broker)
    survivor = other if victim is first else first
    sweep.mark(f"{victim.nodename} killed")
    report_kill(sweep, interrupted, written)
    assert 0 < written < len(sweep.expected)

    finish(sweep, survivor, interrupted, broker, SURVIVOR_BUDGET)


def report_kill(sweep: Sweep, interrupted: dict, written: int) -> None:
    first_id, last_id = interrupted["kwargs"]["first_id"], interrupted["kwargs"]["last_id"]
    index = sweep.range_of(first_id)
    in_range = Flag.objects.filter(placement_id__gte=first_id, placement_id__lte=last_id).count()
    print(
        f"\nkilled with {written} of {len(sweep.expected)} flags written, in range {index + 1} of "
        f"{len(sweep.ranges)} ({first_id}-{last_id}): {in_range} of its {sweep.per_range[index]} flags"
    )
    assert 0 <= in_range < sweep.per_range[index]
