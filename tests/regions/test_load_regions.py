import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from regions.models import District, Province, Regency, Village
from regions.services import regions_load
from tests.conftest import skip_or_fail

DECREE_COUNTS = {Province: 38, Regency: 514, District: 7_285, Village: 83_762}


def region_counts() -> dict:
    return {model: model.objects.count() for model in DECREE_COUNTS}


def run_load_regions() -> str:
    out = StringIO()
    call_command("load_regions", stdout=out)
    return out.getvalue()


def test_load_regions_loads_every_region_of_the_2025_decree(db):
    assert region_counts() == DECREE_COUNTS


def test_running_load_regions_again_changes_nothing(db):
    output = run_load_regions()

    assert "nothing changed" in output
    assert region_counts() == DECREE_COUNTS


def test_a_renamed_village_gets_its_decree_name_back(db):
    Village.objects.filter(code="18.07.01.2001").update(name="Desa Salah Ketik")

    report = regions_load()

    assert Village.objects.get(code="18.07.01.2001").name == "Sukadana"
    assert report.updated["village"] == 1
    assert report.changed
    assert region_counts() == DECREE_COUNTS


@pytest.mark.parametrize("code", ["18.7", "abc", "18.07.01.201", "1807"])
def test_regions_load_rejects_an_invalid_code(db, code):
    with pytest.raises(ValueError, match="invalid region code"):
        regions_load(rows=[(code, "Nowhere")])


def test_a_second_full_load_on_postgresql_takes_under_15_seconds(db):
    if connection.vendor != "postgresql":
        skip_or_fail("the timing contract is for PostgreSQL")
    started = time.monotonic()
    output = run_load_regions()
    elapsed = time.monotonic() - started

    assert "nothing changed" in output
    assert elapsed < 15, f"second load_regions run took {elapsed:.1f}s"
