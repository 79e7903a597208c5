"""On PostgreSQL the summary is rebuilt beside the old table and swapped in: readers keep reading the old
summary meanwhile, and a reader in a long transaction delays the swap (which waits politely and tries
again) rather than making every other reader queue behind it."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from dashboards.models import RegionMonthStat
from dashboards.services import summary_refresh
from tests.conftest import skip_or_fail
from tests.dashboards.builders import SUKADANA, make_placements

pytestmark = pytest.mark.django_db(transaction=True)


def other_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )


def test_a_reader_in_a_long_transaction_delays_the_swap_and_then_sees_the_new_summary(regions):
    if connection.vendor != "postgresql":
        skip_or_fail("the swap is PostgreSQL's")
    make_placements(SUKADANA, 3)
    summary_refresh()
    before = RegionMonthStat.objects.count()
    make_placements(SUKADANA, 4)

    reader = other_connection()
    with reader.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dashboards_regionmonthstat")  # holds its lock until commit
        assert cursor.fetchone()[0] == before
    release = threading.Timer(3.0, reader.commit)
    others_waited: list[float] = []
    stop = threading.Event()

    def another_reader() -> None:
        # A page reading the summary while the swap waits for the long reader: it must not queue.
        with other_connection() as other:
            other.autocommit = True
            while not stop.is_set():
                started = time.monotonic()
                other.execute("SELECT count(*) FROM dashboards_regionmonthstat").fetchone()
                others_waited.append(time.monotonic() - started)
                time.sleep(0.05)

    thread = threading.Thread(target=another_reader)
    release.start()
    thread.start()
    started = time.monotonic()
    try:
        summary_refresh()
    finally:
        release.join()
        stop.set()
        thread.join()
    waited = time.monotonic() - started

    assert waited >= 2.5  # the swap waited for the long reader
    assert others_waited and max(others_waited) < 1.0  # in short tries, so other readers hardly noticed
    with reader.cursor() as cursor:
        cursor.execute(
            "SELECT sum(value) FROM dashboards_regionmonthstat WHERE region_code = %s AND metric = 'ROUTE'",
            [SUKADANA],
        )
        assert cursor.fetchone()[0] == 7
    reader.close()
