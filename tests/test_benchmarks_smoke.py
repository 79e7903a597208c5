"""The benchmark harness still works: a tiny-scale run of every measure against the test database
(PostgreSQL), and ours agree with the baselines where they compute the same thing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("P1", "P2", "P3", "P4", "P5", "P5B", "P6", "P7", "P8", "P9", "P10", "P11", "P12", "P13")


@pytest.mark.slow_io
@pytest.mark.django_db(transaction=True)
def test_the_benchmarks_run_and_match_their_hand_written_sql(regions):
    if connection.vendor != "postgresql":
        skip_or_fail("the benchmarks run on PostgreSQL only")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {"DATABASE_URL": url}
    schema = _schema()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "0.002", "--runs", "1", "--p8-seconds", "3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    # seed_scale drops the large tables' indexes and foreign keys for its load: all are back, unchanged.
    assert _schema() == schema
    table = result.stdout.split("\nmeasure", 1)[-1]
    for measure in MEASURES:
        assert f"\n{measure} " in table, result.stdout
    assert "flags differing from baseline: 0" in result.stdout, result.stdout
    # The live computation of the dashboard (P3) gives the page's numbers.
    assert "numbers differing from the page: 0" in result.stdout, result.stdout
    # The admin pages show the rows of their floor pages; the API lists return the keyset SQL's rows; the
    # NIK search finds its worker; the data package and the workbench count what the SQL counts.
    assert "floor rows missing from the admin page: 0" in result.stdout, result.stdout
    assert "counts past the pages near the one shown: 0" in result.stdout, result.stdout
    assert "rows differing from the SQL: 0" in _row(table, "P6"), table
    assert "searched worker not found: 0" in result.stdout, result.stdout
    assert "rows differing from the SQL: 0" in _row(table, "P9"), table
    assert "counts differing from the raw SQL: 0" in result.stdout, result.stdout
    # P8 ran a real server under load: registrations were accepted, none failed.
    p8 = _row(table, "P8")
    assert "errors 0;" in p8 and "registrations 0.0" not in p8, p8
    # P12: the retention run and the hand-written SQL anonymised the same workers' rows identically.
    p12 = _row(table, "P12")
    assert "fingerprints differing: 0;" in p12 and "not built yet" not in p12, p12


def _schema() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'bench%%'"
            " UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            " AND conrelid::regclass::text NOT LIKE 'bench%%' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _row(table: str, measure: str) -> str:
    return table.split(f"\n{measure} ", 1)[1].split("\n", 1)[0]
