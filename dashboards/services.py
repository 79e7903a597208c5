import logging
import time

from django.db import OperationalError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from dashboards.models import RegionMonthStat, SummaryState
from dashboards.summary_sql import COLUMNS, summary_select_sql

TABLE = RegionMonthStat._meta.db_table
NEXT = f"{TABLE}_next"
PRIMARY_KEY = "parent_code, metric, region_code, month, key"  # as RegionMonthStat's
# Any constant unique to this job: one refresh at a time across all processes.
REFRESH_LOCK = 720_301
SWAP_ATTEMPTS = 120  # about two minutes of waiting for a long reader

logger = logging.getLogger(__name__)


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
            # LIKE keeps the columns' types, NOT NULLs and checks; the key is built after the rows are in.
            cursor.execute(f"CREATE TABLE {NEXT} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
            cursor.execute(f"INSERT INTO {NEXT} ({COLUMNS}) {summary_select_sql('postgresql')}")
            rows: int = cursor.rowcount
            cursor.execute(f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_pkey PRIMARY KEY ({PRIMARY_KEY})")
            cursor.execute(f"ANALYZE {NEXT}")
            _swap_in(cursor)
        finally:
            cursor.execute("RESET jit")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])
    return rows


def _swap_in(cursor: CursorWrapper) -> None:
    """Replace the table by the new one. The swap needs an exclusive lock for a moment; while it waits
    for one, every new reader would queue behind it, so it waits briefly and tries again instead."""
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
                cursor.execute(f"DROP TABLE {TABLE}")
                cursor.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
                cursor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {NEXT}_pkey TO {TABLE}_pkey")
            return
        except OperationalError:
            if attempt == SWAP_ATTEMPTS:
                raise
            logger.warning("summary swap waited too long for readers (attempt %s); trying again", attempt)
            time.sleep(0.8)


def _rebuild_in_place() -> int:
    """SQLite (the embedded default): one transaction; SQLite readers see the old rows until it commits."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {summary_select_sql('sqlite')}")
        rebuilt: int = cursor.rowcount
        return rebuilt
