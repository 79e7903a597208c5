"""P3's "without a summary": a regency's dashboard numbers computed live from the base tables.

One set-based statement reads the region's workers (by domicile village prefix), their placements, live
flags and returns, and the complaints and outreach events of its villages, with the definitions of
dashboards/summary_sql.py, and aggregates them with GROUPING SETS into exactly what the page needs:
totals by (metric, key) for the headline and the breakdowns, by (month, metric, key) for the trend,
and by (district, metric, key) for the per-district table. `fold` turns the rows into those numbers.
"""

import datetime
from collections import defaultdict

from dashboards.models import CLOSE_BUCKETS
from dashboards.selectors import BREAKDOWNS, TREND_SERIES
from dashboards.tables import COLUMN_SOURCES, column_values

LIVE_FLAG = "('OPEN', 'CONFIRMED')"
TZ = "'Asia/Jakarta'"


def _month(expr: str) -> str:
    return f"CAST(date_trunc('month', {expr}) AS date)"


def _local_date(expr: str) -> str:
    return f"CAST(({expr} AT TIME ZONE {TZ}) AS date)"


def _bucket(days: str) -> str:
    whens = " ".join(f"WHEN {days} <= {high} THEN '{key}'" for key, _low, high in CLOSE_BUCKETS if high)
    return f"CASE {whens} ELSE '{CLOSE_BUCKETS[-1][0]}' END"


_DAYS = f"({_local_date('c.closed_at')} - {_local_date('c.created_at')})"
_CLOSED = "(c.status = 'CLOSED' AND c.closed_at IS NOT NULL)"

# Parameters: prefix ('18.07.%'), first and last (first days of the period's first and last months).
SQL = f"""
WITH w AS MATERIALIZED (
    SELECT id, domicile_village_id AS v, created_at
    FROM workers_worker WHERE domicile_village_id LIKE %(prefix)s
),
p AS MATERIALIZED (
    SELECT p.id, w.v, p.phase, p.scheme, p.destination_country_id AS destination, p.position_id AS position,
           {_month(f"COALESCE(p.departure_date, p.recruited_date, {_local_date('p.created_at')})")} AS m,
           EXISTS (SELECT 1 FROM placements_flag f
                   WHERE f.placement_id = p.id AND f.status IN {LIVE_FLAG}) AS flagged
    FROM placements_placement p JOIN w ON w.id = p.worker_id
),
live_flags AS MATERIALIZED (
    SELECT f.placement_id, f.rule, p.v, p.m
    FROM placements_flag f JOIN p ON p.id = f.placement_id
    WHERE f.status IN {LIVE_FLAG}
),
facts (v, m, metric, key, n) AS (
    SELECT v, {_month(f"(created_at AT TIME ZONE {TZ})")}, 'REGISTRATIONS', '', 1 FROM w
    UNION ALL
    SELECT p.v, p.m, x.metric, x.key, 1
    FROM p
    CROSS JOIN LATERAL (VALUES ('ROUTE', CASE WHEN p.flagged THEN 'FLAGGED' ELSE 'PROCEDURAL' END),
                               ('PHASE', p.phase), ('SCHEME', p.scheme),
                               ('DESTINATION', p.destination), ('POSITION', p.position)) AS x (metric, key)
    WHERE p.m BETWEEN %(first)s AND %(last)s AND x.key IS NOT NULL
    UNION ALL
    SELECT v, m, 'FLAGS', rule, 1 FROM live_flags WHERE m BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT p.v, {_month("r.return_date")}, 'RETURNS', r.reason, 1
    FROM placements_returnrecord r JOIN p ON p.id = r.placement_id
    UNION ALL
    SELECT c.village_id, {_month(f"(c.created_at AT TIME ZONE {TZ})")}, x.metric, x.key, x.n
    FROM complaints_complaint c
    CROSS JOIN LATERAL (VALUES
        ('COMPLAINTS', c.category, 1),
        ('COMPLAINT_STATUS', c.status, 1),
        ('CLOSED', CASE WHEN {_CLOSED} THEN {_bucket(_DAYS)} END, 1),
        ('CLOSE_DAYS', CASE WHEN {_CLOSED} THEN '' END, {_DAYS})
    ) AS x (metric, key, n)
    WHERE c.village_id LIKE %(prefix)s AND x.key IS NOT NULL
    UNION ALL
    SELECT o.village_id, {_month("o.event_date")}, x.metric, x.key, x.n
    FROM outreach_outreachevent o
    CROSS JOIN LATERAL (VALUES
        ('OUTREACH_EVENTS', '', 1),
        ('OUTREACH_PARTICIPANTS', 'M', o.participants_male),
        ('OUTREACH_PARTICIPANTS', 'F', o.participants_female),
        ('OUTREACH_PROSPECTIVE', '', o.prospective_workers)
    ) AS x (metric, key, n)
    WHERE o.village_id LIKE %(prefix)s
)
SELECT GROUPING(m) = 0 AS by_month, GROUPING(substr(v, 1, 8)) = 0 AS by_district,
       substr(v, 1, 8) AS district, m, metric, key, sum(n)
FROM facts
WHERE m BETWEEN %(first)s AND %(last)s
GROUP BY GROUPING SETS ((metric, key), (m, metric, key), (substr(v, 1, 8), metric, key))
"""

# What the page shows, named as the page names it: the SQL above is the independent part.
COLUMNS = COLUMN_SOURCES
BREAKDOWN_METRICS = [metric for metric, _title, _column, _slug in BREAKDOWNS]


def params(*, code: str, first: datetime.date, last: datetime.date) -> dict:
    return {"prefix": f"{code}.%", "first": first, "last": last}


def run(cursor, *, code: str, first: datetime.date, last: datetime.date) -> list[tuple]:
    cursor.execute(SQL, params(code=code, first=first, last=last))
    return cursor.fetchall()


def fold(rows: list[tuple], *, months: list[datetime.date]) -> dict:
    """Headline columns, trend (series -> one value per month), breakdowns (metric -> key -> value),
    districts (code -> columns), and the summed days to close (for the average)."""
    total: dict[tuple[str, str], int] = {}
    by_month: dict[datetime.date, dict[tuple[str, str], int]] = defaultdict(dict)
    by_district: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for is_month, is_district, district, month, metric, key, value in rows:
        if is_month:
            by_month[month][(metric, key)] = int(value)
        elif is_district:
            by_district[district][(metric, key)] = int(value)
        else:
            total[(metric, key)] = int(value)
    trend_columns = {month: column_values(by_month.get(month, {})) for month in months}
    return {
        "headline": column_values(total),
        "close_days": total.get(("CLOSE_DAYS", ""), 0),
        "trend": {name: [trend_columns[month][name] for month in months] for name in TREND_SERIES},
        "breakdowns": {
            metric: {k: v for (m, k), v in total.items() if m == metric} for metric in BREAKDOWN_METRICS
        },
        "districts": {district: column_values(totals) for district, totals in by_district.items()},
    }
