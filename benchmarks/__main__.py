"""python -m benchmarks [--scale 1.0] [--only P1] [--runs 5]

Each measure is the median of N runs after a warm-up, against a baseline measured in the same run;
prints a table and writes benchmarks/results/<time>.json. PostgreSQL only (DATABASE_URL).
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--scale", type=float, default=0.05, help="1.0 = the sizes of performance.md")
    parser.add_argument("--only", default="", help="comma-separated measures, e.g. P1,P5B (default: all)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--p8-seconds", type=float, default=10, help="P8's load duration per run")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["BENCH_P8_SECONDS"] = str(args.p8_seconds)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    _production_settings()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG:  # the pages name their static files through the manifest collectstatic writes
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("benchmarks run on PostgreSQL only: set DATABASE_URL", file=sys.stderr)
        return 2

    from django.test.utils import override_settings

    from benchmarks import measures
    from benchmarks.scale import ensure_data

    names = [n.strip().upper() for n in args.only.split(",") if n.strip()] or list(measures.MEASURES)
    unknown = [name for name in names if name not in measures.MEASURES]
    if unknown:
        print(
            f"unknown measure {', '.join(unknown)}; available: {', '.join(measures.MEASURES)}",
            file=sys.stderr,
        )
        return 2
    load_at_start = os.getloadavg()  # a shared machine: other work runs beside the harness
    ensure_data(scale=args.scale)
    if measures.NEEDS_FLAGS & set(names):
        _ensure_flags()
    results = []
    # The floor pages and the trivial view live in the harness's own URLconf, never the portal's.
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        for name in names:
            print(f"{name} ...", end=" ", flush=True)
            started = time.perf_counter()
            results.append(measures.MEASURES[name](runs=args.runs, scale=args.scale))
            print(f"{time.perf_counter() - started:.0f}s", flush=True)

    print(f"\n{'measure':<8}{'ours (s)':>12}{'baseline (s)':>14}{'ratio':>8}{'target':>28}  holds  notes")
    for r in results:
        holds = "n/a" if r["holds"] is None else "yes" if r["holds"] else "NO"
        print(
            f"{r['measure']:<8}{_number(r['ours_s']):>12}{_number(r['baseline_s']):>14}{_number(r['ratio'], 2):>8}"
            f"{r['target']:>28}  {holds:<5}  {r.get('notes', '')}"
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}-scale{args.scale}.json"
    machine = _machine() | {"load_average_start": load_at_start, "load_average_end": os.getloadavg(),
                           "debug": settings.DEBUG}  # fmt: skip
    path.write_text(
        json.dumps({"scale": args.scale, "runs": args.runs, "machine": machine, "results": results}, indent=2)
    )
    print(f"\nwritten {path.relative_to(ROOT)}")
    return 0 if all(r["holds"] is not False for r in results) else 1


def _production_settings() -> None:
    """Measure what production serves: DEBUG off (no SQL log, no template debugging, persistent database
    connections), unless DEBUG is set. The test client speaks plain HTTP, so no redirect to HTTPS; the keys
    are the environment's, else the development keys the synthetic data was seeded with."""
    from portal import dev_keys

    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        os.environ.setdefault(name, getattr(dev_keys, name))


def _machine() -> dict:
    """What the figures were measured on (ratios travel between machines, absolute times do not)."""
    model, memory_kb = "", 0
    with contextlib.suppress(OSError):
        cpuinfo = Path("/proc/cpuinfo").read_text()
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), ""
        )
        meminfo = Path("/proc/meminfo").read_text().split()
        memory_kb = int(meminfo[meminfo.index("MemTotal:") + 1])
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gb": round(memory_kb / 1024**2, 1),
            "platform": platform.platform(), "python": platform.python_version()}  # fmt: skip


def _number(value, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _ensure_flags() -> None:
    """The flag pages need the flags the sweep writes; a freshly seeded database has none yet."""
    from django.db import connection

    from placements.models import Flag
    from placements.rules.engine import sweep

    if not Flag.objects.exists():
        print("no flags yet: one sweep first ...", flush=True)
        sweep()
        # What autovacuum would soon do on a live system: plans for the pages need the flags' statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE placements_flag")


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# Pages, API calls and other request-sized work are warmed as a running server is before they are timed: a
# code path runs slower over its first calls in a new process (CPython specialises it as it goes; caches
# fill), and a page the harness had not yet shown measured about 60 ms over its first five requests, 36 ms
# from the eighth on. Both sides get the same warm-up.
REQUEST_WARMUP = 10


def median_pair(ours, baseline, runs: int, *, warmup: int = 1) -> tuple[float, float]:
    for _ in range(warmup):  # caches, and a steady state of the flag tables
        ours(), baseline()
    ours_times, base_times = [], []
    for _ in range(runs):
        ours_times.append(timed(ours))
        base_times.append(timed(baseline))
    return statistics.median(ours_times), statistics.median(base_times)


if __name__ == "__main__":
    raise SystemExit(main())
