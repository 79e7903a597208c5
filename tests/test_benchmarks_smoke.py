"""The benchmark harness still works: a tiny-scale run of P1 to P4 against the test database (PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow_io
@pytest.mark.django_db(transaction=True)
def test_the_benchmarks_run_and_match_their_hand_written_sql(regions):
    if connection.vendor != "postgresql":
        skip_or_fail("the benchmarks run on PostgreSQL only")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {"DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "0.002", "--only", "P1,P2,P3,P4", "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    table = result.stdout.split("\nmeasure", 1)[-1]
    for measure in ("P1", "P2", "P3", "P4"):
        assert f"\n{measure} " in table, result.stdout
    assert "flags differing from baseline: 0" in result.stdout, result.stdout
    # The live computation of the dashboard (P3) gives the page's numbers.
    assert "numbers differing from the page: 0" in result.stdout, result.stdout
