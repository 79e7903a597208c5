"""The measures of performance.md: P1-P4 here, the pages, API, server and data measures in their modules."""

import datetime
import os
import resource
import secrets
import statistics
import subprocess
import sys

from django.db import connection
from django.utils import timezone

from benchmarks import p1_baseline, p3_live
from benchmarks.__main__ import REQUEST_WARMUP, ROOT, median_pair, timed

# Whether the summary table reflects the base tables as they are now (P1's sweep changes flags).
_summary_fresh = False


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
    global _summary_fresh
    _summary_fresh = False
    peak_mb = _sweep_peak_memory_mb()
    differences = _differences()
    with connection.cursor() as cursor:
        # Twelve sweeps in a row leave the flag tables with a dead row version per flag and sweep, and their
        # statistics stale; a live system's autovacuum cleans up between nightly sweeps. The flag pages
        # measured next (P5, P5b) see the tables as they would be on a working day.
        cursor.execute("VACUUM ANALYZE placements_flag")
        cursor.execute("VACUUM ANALYZE placements_flagreview")
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


# The DPRD dashboard measures: regency Lampung Timur over the months of the benchmark data.
REGION = "18.07"
PERIOD_FIRST, PERIOD_LAST = datetime.date(2025, 1, 1), datetime.date(2026, 12, 1)
PAGE_URL = f"/dprd/wilayah/{REGION}/?from={PERIOD_FIRST:%Y-%m}&to={PERIOD_LAST:%Y-%m}"
DPRD_USERNAME = "bench.dprd.lampungtimur"
BENCH_SUMMARY = "bench_summary"


def _ensure_summary() -> None:
    """Rebuild the summary once, unless a refresh already ran since the base tables last changed."""
    global _summary_fresh
    if not _summary_fresh:
        from dashboards.services import summary_refresh

        summary_refresh()
        _summary_fresh = True


def _period():
    from dashboards.periods import Period

    return Period(PERIOD_FIRST, PERIOD_LAST)


def _dprd_client():
    """A test client signed in as a DPRD viewer of the regency (user created idempotently; its password
    is random and never kept, so it cannot sign in)."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.roles import Role
    from accounts.second_factor import second_factor_enrol_demo
    from accounts.services import user_upsert

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    Group.objects.get_or_create(name=Role.DPRD_VIEWER)  # a flushed test database may lack the groups
    user = user_upsert(
        username=DPRD_USERNAME,
        password=secrets.token_urlsafe(32),
        role=Role.DPRD_VIEWER,
        region_codes=[REGION],
        full_name="Benchmark DPRD Lampung Timur",
    )
    client = Client()
    client.force_login(user)
    # Past the second factor, as a member who typed her code: the page measured is the page she reads.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_enrol_demo(user=user).persistent_id
    session.save()
    return client


def _page(client):
    """One GET of the region page, all of it: middleware, session, view, template."""

    def get():
        response = client.get(PAGE_URL)
        if response.status_code != 200:
            raise RuntimeError(f"GET {PAGE_URL} answered {response.status_code}")
        return response

    return get


def _summary_rows_sql(cursor) -> None:
    """P2's floor: the summary rows the page reads (captured from region_dashboard), by hand."""
    parent = REGION.rsplit(".", 1)[0]
    metrics = sorted({metric for metric, _key in p3_live.COLUMNS.values()})
    cursor.execute(
        "SELECT month, metric, key, value FROM dashboards_regionmonthstat"
        " WHERE parent_code = %s AND region_code = %s AND month BETWEEN %s AND %s",
        [parent, REGION, PERIOD_FIRST, PERIOD_LAST],
    )
    cursor.fetchall()
    # Every village of the regency, by its district's code (the table by area is built from these).
    cursor.execute(
        "SELECT region_code, metric, key, sum(value) FROM dashboards_regionmonthstat"
        " WHERE parent_code IN (SELECT code FROM regions_district WHERE regency_id = %s)"
        " AND month BETWEEN %s AND %s AND metric = ANY(%s)"
        " GROUP BY region_code, metric, key",
        [REGION, PERIOD_FIRST, PERIOD_LAST, metrics],
    )
    cursor.fetchall()


def p2(*, runs: int, scale: float) -> dict:
    """The DPRD region page for a regency (every widget) vs raw SQL reading the same summary rows."""
    _ensure_summary()
    client = _dprd_client()

    def baseline():
        with connection.cursor() as cursor:
            _summary_rows_sql(cursor)

    ours_s, base_s = median_pair(_page(client), baseline, runs, warmup=REQUEST_WARMUP)
    queries = _page_queries(client)
    client.logout()
    ratio = ours_s / base_s
    return {
        "measure": "P2",
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ratio,
        "target": "<= 3",
        "page_queries": queries,
        "holds": ratio <= 3,
        "notes": f"GET {PAGE_URL}: {queries} queries",
    }


def _page_queries(client) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _page(client)()
    return len(captured.captured_queries)


def p3(*, runs: int, scale: float) -> dict:
    """The same dashboard numbers computed live from the base tables vs P2's page (ours = live here:
    ratio = live / page, and the page must be at least 20 times faster)."""
    _ensure_summary()
    client = _dprd_client()
    page = _page(client)

    def live():
        with connection.cursor() as cursor:
            p3_live.run(cursor, code=REGION, first=PERIOD_FIRST, last=PERIOD_LAST)

    live_s, page_s = median_pair(live, page, runs)
    client.logout()
    differences = _live_differences()
    ratio = live_s / page_s
    return {
        "measure": "P3",
        "ours_s": live_s,
        "baseline_s": page_s,
        "ratio": ratio,
        "target": ">= 20",
        "differences": differences,
        "holds": ratio >= 20 and differences == 0,
        "notes": f"ours = live SQL, baseline = the page; numbers differing from the page: {differences}",
    }


def _live_differences() -> int:
    """Numbers of the live computation that differ from region_dashboard's (raw values, before
    suppression): headline, trend, breakdowns and the per-district table."""
    from dashboards.selectors import region_dashboard

    period = _period()
    page = region_dashboard(code=REGION, period=period)
    with connection.cursor() as cursor:
        live = p3_live.fold(
            p3_live.run(cursor, code=REGION, first=PERIOD_FIRST, last=PERIOD_LAST), months=period.months
        )
    pairs: list[tuple[int | None, int | None]] = [
        (live["headline"][c], page.figures[c].value) for c in p3_live.COLUMNS
    ]
    for name, figures in page.trend.items():
        pairs += list(zip(live["trend"][name], [f.value for f in figures], strict=True))
    for breakdown in page.breakdowns:
        shown = {key: figure.value for key, _label, figure in breakdown.rows}
        computed = live["breakdowns"][breakdown.metric]
        pairs += [(computed.get(key), shown.get(key)) for key in computed.keys() | shown.keys()]
    for row in page.children:
        district = live["districts"].get(row.code, dict.fromkeys(p3_live.COLUMNS, 0))
        pairs += [(district[c], row.figures[c].value) for c in p3_live.COLUMNS]
    missing = set(live["districts"]) - {row.code for row in page.children}
    return sum(1 for a, b in pairs if a != b) + len(missing)


def p4(*, runs: int, scale: float) -> dict:
    """The summary refresh job vs one CREATE TABLE AS of the same aggregate (same `jit = off`)."""
    from dashboards.services import summary_refresh
    from dashboards.summary_sql import summary_select_sql

    global _summary_fresh
    select = summary_select_sql("postgresql")
    counts = {}

    def ours():
        counts["ours"] = summary_refresh()

    def drop():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {BENCH_SUMMARY}")

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
            cursor.execute(f"CREATE TABLE {BENCH_SUMMARY} AS {select}")
            counts["baseline"] = cursor.rowcount
            cursor.execute("RESET jit")

    ours_s, base_s = _median_pair_with_setup(ours, baseline, runs, before_baseline=drop)
    drop()
    _summary_fresh = True
    ratio = ours_s / base_s
    return {
        "measure": "P4",
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ratio,
        "target": "<= 1.5",
        "rows": counts["ours"],
        "holds": ratio <= 1.5 and counts["ours"] == counts["baseline"],
        "notes": f"{counts['ours']:,} summary rows (baseline {counts['baseline']:,})",
    }


def _median_pair_with_setup(ours, baseline, runs: int, *, before_baseline) -> tuple[float, float]:
    """median_pair, with an untimed step before each baseline run (dropping its table)."""
    ours(), before_baseline(), baseline()
    ours_times, base_times = [], []
    for _ in range(runs):
        ours_times.append(timed(ours))
        before_baseline()
        base_times.append(timed(baseline))
    return statistics.median(ours_times), statistics.median(base_times)


from benchmarks import measures_api, measures_data, measures_pages, measures_retention, p8_server  # noqa: E402 - they import this package's runner

MEASURES = {
    "P1": p1,
    "P2": p2,
    "P3": p3,
    "P4": p4,
    "P5": measures_pages.p5,
    "P5B": measures_pages.p5b,
    "P6": measures_api.p6,
    "P7": measures_pages.p7,
    "P8": p8_server.p8,
    "P9": measures_data.p9,
    "P10": measures_pages.p10,
    "P11": measures_data.p11,
    "P12": measures_retention.p12,
    "P13": measures_pages.p13,
}
# Measures that read the flags the sweep writes: a freshly seeded database gets one sweep first.
NEEDS_FLAGS = {"P5", "P5B", "P6", "P13"}
