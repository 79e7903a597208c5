"""The measures of performance.md implemented so far."""

import os
import resource
import subprocess
import sys

from django.db import connection
from django.utils import timezone

from benchmarks import p1_baseline
from benchmarks.__main__ import ROOT, median_pair


def p1(*, runs: int, scale: float) -> dict:
    """The full non-procedural sweep vs the same rules as hand-written set-based SQL."""
    from placements.rules.engine import sweep

    with connection.cursor() as cursor:
        p1_baseline.prepare(cursor)

    def ours():
        sweep()

    def baseline():
        with connection.cursor() as cursor:
            p1_baseline.run(cursor, timezone.now())

    ours_s, base_s = median_pair(ours, baseline, runs)
    peak_mb = _sweep_peak_memory_mb()
    differences = _differences()
    ratio = ours_s / base_s
    holds = ratio <= 1.5 and peak_mb <= 300 and differences == 0
    return {
        "measure": "P1",
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ratio,
        "target": "<= 1.5",
        "peak_memory_mb": peak_mb,
        "differences": differences,
        "holds": holds,
        "notes": f"peak memory {peak_mb:.0f} MB (<= 300); flags differing from baseline: {differences}",
    }


def _sweep_peak_memory_mb() -> float:
    """Peak resident memory of a whole `manage.py evaluate_placements` process."""
    subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "manage.py", "evaluate_placements"],
        cwd=ROOT,
        env=os.environ.copy(),
        check=True,
        capture_output=True,
    )
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _differences() -> int:
    """Live flags (placement, rule, status, evidence) present in one result and not the other. Resolved
    flags are history (left by earlier rule versions too), so they are not compared."""
    live = "SELECT placement_id, rule, status, evidence FROM {} WHERE status <> 'RESOLVED'"
    ours, base = live.format("placements_flag"), live.format("bench_flag")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (({ours} EXCEPT {base}) UNION ALL ({base} EXCEPT {ours})) AS d")
        return cursor.fetchone()[0]


MEASURES = {"P1": p1}
