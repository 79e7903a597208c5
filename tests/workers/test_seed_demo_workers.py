"""seed_demo's workers: several hundred across Lampung (most in Lampung Timur) and some in Jawa Timur,
registered over two years in every district of Lampung Timur."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from portal import crypto
from regions.models import District
from workers.models import Channel, ConsentEvent, Worker, WorkerStatus
from workers.nik import nik_problem


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_workers():
    # Later seeders (placements) import a few more people of their own; these are the workers seeder's.
    return Worker.objects.exclude(channel=Channel.IMPORT)


def in_region(prefix: str) -> int:
    return demo_workers().filter(domicile_village__code__startswith=prefix + ".").count()


def test_seed_demo_creates_several_hundred_workers_mostly_in_lampung_timur(seeded):
    total = demo_workers().count()

    assert 500 <= total <= 900
    assert in_region("18.07") > total / 2
    assert in_region("18") > in_region("18.07")
    assert in_region("35") >= 10
    assert in_region("18") + in_region("35") == total
    assert f"demo workers: {total} created" in seeded


def test_seeded_workers_cover_every_status_and_include_a_possible_duplicate(seeded):
    statuses = set(demo_workers().values_list("status", flat=True))

    assert statuses == set(WorkerStatus.values)
    assert not Worker.objects.filter(status=WorkerStatus.REJECTED, rejection_reason="").exists()
    duplicates = demo_workers().filter(possible_duplicate=True)
    assert duplicates.count() >= 2
    assert duplicates.values("nik_index").distinct().count() < duplicates.count()


def test_every_seeded_worker_has_a_valid_nik_and_a_consent_event(seeded):
    districts = frozenset(District.objects.values_list("code", flat=True))

    workers = list(demo_workers().order_by("id"))
    for worker in workers:
        nik = crypto.decrypt(worker.nik_encrypted)
        problem = nik_problem(
            nik, sex=worker.sex, birth_date=worker.birth_date, district_exists=districts.__contains__
        )
        assert problem is None, worker
        assert worker.nik_last4 == nik[-4:]
    assert ConsentEvent.objects.filter(worker__in=workers).count() == len(workers)


def test_running_seed_demo_again_creates_no_more_workers(seeded):
    before = Worker.objects.count()

    out = StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)

    assert Worker.objects.count() == before
    assert "demo workers: already present, left unchanged" in out.getvalue()


def test_lampung_timur_registrations_span_two_years_and_every_district(seeded):
    workers = demo_workers().filter(domicile_village__code__startswith="18.07.")
    # Months as the office counts them, in WIB: in the first hours of a month there, it is still the last
    # month in UTC.
    local = [timezone.localtime(w.created_at) for w in workers.only("created_at")]
    months = {(moment.year, moment.month) for moment in local}
    districts = set(District.objects.filter(regency_id="18.07").values_list("code", flat=True))
    by_district = {code: 0 for code in districts}
    for village in workers.values_list("domicile_village_id", flat=True):
        by_district[village[:8]] += 1

    assert len(months) >= 24
    assert len(districts) == 24
    assert min(by_district.values()) >= 5, by_district
