import time

from django.db import connection, transaction
from django.utils import timezone

from dashboards.models import RegionMonthStat, SummaryState
from dashboards.summary_sql import COLUMNS, summary_select_sql

TABLE = RegionMonthStat._meta.db_table
NEXT = f"{TABLE}_next"
PRIMARY_KEY = "parent_code, metric, region_code, month, key"  # as RegionMonthStat's
# Any constant unique to this job: one refresh at a time across all processes.
REFRESH_LOCK = 720_301


def summary_refresh() -> int:
    """Rebuild the summary tables from the base tables; returns the number of rows.

    On PostgreSQL the new table is built beside the old one and swapped in by renaming, in one short
    transaction, so readers keep reading the previous summary until the new one is complete. Two refreshes
    never run at once: the second waits for the first, then rebuilds (it may have newer data to see).
    """
    started = time.monotonic()
    if connection.vendor == "postgresql":
        rows = _rebuild_and_swap()
    else:
        rows = _rebuild_in_place()
    SummaryState.objects.update_or_create(
        id=1,
        defaults={
            "refreshed_at": timezone.now(),
            "duration_ms": int((time.monotonic() - started) * 1000),
            "rows": rows,
        },
    )
    return rows


def _rebuild_and_swap() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [REFRESH_LOCK])
        try:
            cursor.execute(f"DROP TABLE IF EXISTS {NEXT}")
            # One large aggregate: JIT compiling only adds time (the rule engine does the same).
            cursor.execute("SET jit = off")
            cursor.execute(f"CREATE TABLE {NEXT} AS {summary_select_sql('postgresql')}")
            rows = cursor.rowcount
            cursor.execute(f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_pkey PRIMARY KEY ({PRIMARY_KEY})")
            cursor.execute(f"ANALYZE {NEXT}")
            with transaction.atomic():
                cursor.execute(f"DROP TABLE {TABLE}")
                cursor.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
                cursor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {NEXT}_pkey TO {TABLE}_pkey")
        finally:
            cursor.execute("RESET jit")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])
    return rows


def _rebuild_in_place() -> int:
    """SQLite (the embedded default): one transaction; SQLite readers see the old rows until it commits."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {summary_select_sql('sqlite')}")
        return cursor.rowcount
