"""The one SELECT that computes the whole summary from the base tables, for PostgreSQL and SQLite.

Facts are counted at village grain first, then rolled up level by level (village -> district ->
regency -> province -> country), each level from the one below, so the base tables are read once.
The same statement serves the refresh job and the benchmark's `CREATE TABLE AS` baseline.
"""

import datetime
import zoneinfo

from django.conf import settings

from complaints.choices import Status as ComplaintStatus
from complaints.models import Complaint
from dashboards.models import CLOSE_BUCKETS, Metric
from outreach.models import OutreachEvent, OutreachStatus
from placements.models import Flag, FlagStatus, Placement, ReturnRecord
from village.models import EarlyWarning
from workers.choices import Sex
from workers.models import Worker

COLUMNS = "parent_code, region_code, level, month, metric, key, value"
LIVE_FLAG_STATUSES = (FlagStatus.OPEN, FlagStatus.CONFIRMED)


def _literal(value: str) -> str:
    """A string constant of our own code or settings as SQL text (never user input)."""
    return "'" + str(value).replace("'", "''") + "'"


def _in(values) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")"


def _sqlite_offset() -> str:
    """SQLite knows no time zones: the portal's zone as a fixed offset (Indonesia keeps no summer time)."""
    offset = (
        zoneinfo.ZoneInfo(settings.TIME_ZONE).utcoffset(datetime.datetime.now(datetime.UTC))
        or datetime.timedelta()
    )
    return f"'{int(offset.total_seconds() // 60):+d} minutes'"


def _month(expr: str, vendor: str, *, timestamp: bool = False) -> str:
    """First day of the month of a date, or of a timestamp in the portal's time zone (settings.TIME_ZONE)."""
    if vendor == "postgresql":
        local = f"({expr} AT TIME ZONE {_literal(settings.TIME_ZONE)})" if timestamp else expr
        return f"CAST(date_trunc('month', {local}) AS date)"
    local = f"datetime({expr}, {_sqlite_offset()})" if timestamp else expr
    return f"date({local}, 'start of month')"


def _local_date(expr: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"CAST(({expr} AT TIME ZONE {_literal(settings.TIME_ZONE)}) AS date)"
    return f"date(datetime({expr}, {_sqlite_offset()}))"


def _days_between(start: str, end: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"({_local_date(end, vendor)} - {_local_date(start, vendor)})"
    return f"CAST(julianday({_local_date(end, vendor)}) - julianday({_local_date(start, vendor)}) AS integer)"


def _bucket(days: str) -> str:
    whens = " ".join(
        f"WHEN {days} <= {high} THEN '{key}'" for key, _low, high in CLOSE_BUCKETS if high is not None
    )
    return f"CASE {whens} ELSE '{CLOSE_BUCKETS[-1][0]}' END"


def facts_sql(vendor: str) -> str:
    """(v, m, metric, key, n): counts at village grain. Tables, statuses and metrics come from the models."""
    placement, worker, flag = Placement._meta.db_table, Worker._meta.db_table, Flag._meta.db_table
    returns, complaint = ReturnRecord._meta.db_table, Complaint._meta.db_table
    outreach, live, closed = (
        OutreachEvent._meta.db_table,
        _in(LIVE_FLAG_STATUSES),
        _literal(ComplaintStatus.CLOSED),
    )
    warnings = EarlyWarning._meta.db_table
    held = _literal(OutreachStatus.HELD)  # a session a village only asked for is no outreach yet
    mt = {metric.name: _literal(metric.value) for metric in Metric}
    placed_on = f"COALESCE(p.departure_date, p.recruited_date, {_local_date('p.created_at', vendor)})"
    days = _days_between("c.created_at", "c.closed_at", vendor)
    flagged = f"""EXISTS (SELECT 1 FROM {flag} f
                         WHERE f.placement_id = p.id AND f.status IN {live})"""
    return f"""
    placement_facts AS (
        SELECT w.domicile_village_id AS v, {_month(placed_on, vendor)} AS m, p.phase, p.scheme,
               p.destination_country_id AS destination, p.position_id AS position,
               CASE WHEN {flagged} THEN 'FLAGGED' ELSE 'PROCEDURAL' END AS route
        FROM {placement} p JOIN {worker} w ON w.id = p.worker_id
    ),
    facts AS (
        SELECT domicile_village_id AS v, {_month("created_at", vendor, timestamp=True)} AS m,
               {mt["REGISTRATIONS"]} AS metric, '' AS key, count(*) AS n
        FROM {worker} GROUP BY 1, 2
        UNION ALL
        SELECT v, m, {mt["ROUTE"]}, route, count(*) FROM placement_facts GROUP BY v, m, route
        UNION ALL
        SELECT v, m, {mt["PHASE"]}, phase, count(*) FROM placement_facts GROUP BY v, m, phase
        UNION ALL
        SELECT v, m, {mt["SCHEME"]}, scheme, count(*) FROM placement_facts GROUP BY v, m, scheme
        UNION ALL
        SELECT v, m, {mt["DESTINATION"]}, destination, count(*) FROM placement_facts
        WHERE destination IS NOT NULL GROUP BY v, m, destination
        UNION ALL
        SELECT v, m, {mt["POSITION"]}, position, count(*) FROM placement_facts
        WHERE position IS NOT NULL GROUP BY v, m, position
        UNION ALL
        SELECT w.domicile_village_id, {_month(placed_on, vendor)}, {mt["FLAGS"]}, f.rule, count(*)
        FROM {flag} f
        JOIN {placement} p ON p.id = f.placement_id
        JOIN {worker} w ON w.id = p.worker_id
        WHERE f.status IN {live}
        GROUP BY 1, 2, 4
        UNION ALL
        SELECT w.domicile_village_id, {_month("r.return_date", vendor)}, {mt["RETURNS"]}, r.reason, count(*)
        FROM {returns} r
        JOIN {placement} p ON p.id = r.placement_id
        JOIN {worker} w ON w.id = p.worker_id
        GROUP BY 1, 2, 4
        UNION ALL
        SELECT c.village_id, {_month("c.created_at", vendor, timestamp=True)}, {mt["COMPLAINTS"]}, c.category, count(*)
        FROM {complaint} c WHERE c.village_id IS NOT NULL GROUP BY 1, 2, 4
        UNION ALL
        SELECT c.village_id, {_month("c.created_at", vendor, timestamp=True)}, {mt["COMPLAINT_STATUS"]}, c.status,
               count(*)
        FROM {complaint} c WHERE c.village_id IS NOT NULL GROUP BY 1, 2, 4
        UNION ALL
        SELECT c.village_id, {_month("c.created_at", vendor, timestamp=True)}, {mt["CLOSED"]}, {_bucket(days)}, count(*)
        FROM {complaint} c
        WHERE c.village_id IS NOT NULL AND c.status = {closed} AND c.closed_at IS NOT NULL
        GROUP BY 1, 2, 4
        UNION ALL
        SELECT c.village_id, {_month("c.created_at", vendor, timestamp=True)}, {mt["CLOSE_DAYS"]}, '', sum({days})
        FROM {complaint} c
        WHERE c.village_id IS NOT NULL AND c.status = {closed} AND c.closed_at IS NOT NULL
        GROUP BY 1, 2
        UNION ALL
        SELECT village_id, {_month("event_date", vendor)}, {mt["OUTREACH_EVENTS"]}, '', count(*)
        FROM {outreach} WHERE status = {held} GROUP BY 1, 2
        UNION ALL
        SELECT village_id, {_month("event_date", vendor)}, {mt["OUTREACH_PARTICIPANTS"]}, {_literal(Sex.MALE)}, sum(participants_male)
        FROM {outreach} WHERE status = {held} GROUP BY 1, 2
        UNION ALL
        SELECT village_id, {_month("event_date", vendor)}, {mt["OUTREACH_PARTICIPANTS"]}, {_literal(Sex.FEMALE)}, sum(participants_female)
        FROM {outreach} WHERE status = {held} GROUP BY 1, 2
        UNION ALL
        SELECT village_id, {_month("event_date", vendor)}, {mt["OUTREACH_PROSPECTIVE"]}, '', sum(prospective_workers)
        FROM {outreach} WHERE status = {held} GROUP BY 1, 2
        UNION ALL
        SELECT village_id, {_month("created_at", vendor, timestamp=True)}, {mt["EARLY_WARNINGS"]}, '', count(*)
        FROM {warnings} GROUP BY 1, 2
    )"""


def summary_select_sql(vendor: str) -> str:
    """SELECT of every summary row, columns in the order of COLUMNS, in primary-key order: a page reads
    one region's rows (or one district's villages), and stored together they are a few pages of disk,
    not one page per row."""
    return f"""
    WITH {facts_sql(vendor)},
    villages AS (
        SELECT substr(v, 1, 8) AS parent_code, v AS region_code, 4 AS level, m AS month, metric, key,
               sum(n) AS value
        FROM facts GROUP BY v, m, metric, key
    ),
    districts AS (
        SELECT substr(parent_code, 1, 5) AS parent_code, parent_code AS region_code, 3 AS level, month, metric,
               key, sum(value) AS value
        FROM villages GROUP BY villages.parent_code, month, metric, key
    ),
    regencies AS (
        SELECT substr(parent_code, 1, 2) AS parent_code, parent_code AS region_code, 2 AS level, month, metric,
               key, sum(value) AS value
        FROM districts GROUP BY districts.parent_code, month, metric, key
    ),
    provinces AS (
        SELECT '' AS parent_code, parent_code AS region_code, 1 AS level, month, metric, key, sum(value) AS value
        FROM regencies GROUP BY regencies.parent_code, month, metric, key
    ),
    country AS (
        SELECT '' AS parent_code, '' AS region_code, 0 AS level, month, metric, key, sum(value) AS value
        FROM provinces GROUP BY month, metric, key
    )
    SELECT CAST(parent_code AS varchar(13)) AS parent_code, CAST(region_code AS varchar(13)) AS region_code,
           CAST(level AS smallint) AS level, month, CAST(metric AS varchar(24)) AS metric,
           CAST(key AS varchar(24)) AS key, CAST(value AS bigint) AS value
    FROM (
        SELECT {COLUMNS} FROM villages
        UNION ALL SELECT {COLUMNS} FROM districts
        UNION ALL SELECT {COLUMNS} FROM regencies
        UNION ALL SELECT {COLUMNS} FROM provinces
        UNION ALL SELECT {COLUMNS} FROM country
    ) AS summary
    ORDER BY 1, 5, 2, 4, 6
    """
