"""python -m benchmarks [--scale 1.0] [--only P1] [--runs 5]

Each measure is the median of N runs after a warm-up, against a baseline measured in the same run;
prints a table and writes benchmarks/results/<time>.json. PostgreSQL only (DATABASE_URL).
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--scale", type=float, default=0.05, help="1.0 = the sizes of performance.md")
    parser.add_argument("--only", default="P1", help="comma-separated measures (available: P1, P2, P3, P4)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("benchmarks run on PostgreSQL only: set DATABASE_URL", file=sys.stderr)
        return 2

    from benchmarks import measures
    from benchmarks.scale import ensure_data

    ensure_data(scale=args.scale)
    results = []
    for name in [n.strip().upper() for n in args.only.split(",") if n.strip()]:
        measure = measures.MEASURES.get(name)
        if measure is None:
            print(f"unknown measure {name}; available: {', '.join(measures.MEASURES)}", file=sys.stderr)
            return 2
        results.append(measure(runs=args.runs, scale=args.scale))

    print(f"\n{'measure':<8}{'ours (s)':>12}{'baseline (s)':>14}{'ratio':>8}{'target':>10}  holds  notes")
    for r in results:
        print(
            f"{r['measure']:<8}{r['ours_s']:>12.3f}{r['baseline_s']:>14.3f}{r['ratio']:>8.2f}{r['target']:>10}  "
            f"{'yes' if r['holds'] else 'NO':<5}  {r.get('notes', '')}"
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}-scale{args.scale}.json"
    path.write_text(json.dumps({"scale": args.scale, "runs": args.runs, "results": results}, indent=2))
    print(f"\nwritten {path.relative_to(ROOT)}")
    return 0 if all(r["holds"] for r in results) else 1


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_pair(ours, baseline, runs: int) -> tuple[float, float]:
    ours(), baseline()  # warm-up: caches, and a steady state of the flag tables
    ours_times, base_times = [], []
    for _ in range(runs):
        ours_times.append(timed(ours))
        base_times.append(timed(baseline))
    return statistics.median(ours_times), statistics.median(base_times)


if __name__ == "__main__":
    raise SystemExit(main())
