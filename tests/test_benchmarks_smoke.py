"""The benchmark harness still works: a tiny-scale P1 run against the test database (PostgreSQL)."""

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
def test_the_p1_benchmark_runs_and_matches_the_hand_written_sql(regions):
    if connection.vendor != "postgresql":
        skip_or_fail("the benchmarks run on PostgreSQL only")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {"DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "0.002", "--only", "P1", "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "P1" in result.stdout
    assert "flags differing from baseline: 0" in result.stdout, result.stdout
