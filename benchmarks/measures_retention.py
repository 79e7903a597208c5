"""Retention (P12): the nightly run anonymising a tenth of the workers against hand-written set-based SQL
doing the same anonymisation of the same rows.

Each run, ours and the baseline alike, happens inside a transaction that is rolled back: the same tenth of
the workers is made due (untimed, tests/privacy/test_retention_benchmark_data.py's `make_due`), the work is
timed, the rows it wrote are fingerprinted (untimed), and everything is undone, so the next run finds the
same workers due and the benchmark database is left as it was."""

import importlib
import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction

from accounts.models import AccessAction, AccessLog
from placements.models import FeeItem, Placement, ReturnRecord
from portal.history import _HISTORY_ONLY, history_bulk_record_ids
from privacy.anonymise import ANONYMISED, RETENTION, SYSTEM
from privacy.models import AnonymisedRecord
from privacy.retention import RetentionKind
from privacy.services import retention_apply
from workers.models import Document, FamilyContact, RegistrationAlias, Worker

SHARE = 10  # one worker in SHARE is made due


def make_due(count: int) -> list[int]:
    """The retention test's `make_due` on the benchmark data, imported when called: mypy checks the
    application code, not the tests, and a plain import would have it follow into them."""
    module = importlib.import_module("tests.privacy.test_retention_benchmark_data")
    return module.make_due(count)


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _history(model) -> str:
    return _t(model.history.model)


def _copy_into_history(model, where: str) -> str:
    """One history row per record, copied from the table (what portal.history.history_bulk_record_ids
    writes: the history table's tracked columns, the reason, '~', nobody)."""
    history = model.history.model
    columns = ", ".join(
        connection.ops.quote_name(f.column)
        for f in history._meta.concrete_fields
        if f.name not in _HISTORY_ONLY
    )
    return (
        f"INSERT INTO {_history(model)} ({columns}, history_date, history_change_reason, history_type,"  # noqa: S608 - names from _meta
        f" history_user_id) SELECT {columns}, now(), '{RETENTION}', '~', NULL FROM {_t(model)} WHERE {where}"
    )


def baseline_statements() -> list[str]:
    """The anonymisation of privacy.anonymise.workers_anonymise, by hand, for the workers in %(ids)s."""
    worker_set = (
        f"full_name = '{ANONYMISED}', birth_date = make_date(EXTRACT(YEAR FROM birth_date)::int, 7, 1),"
        " birth_place = '', phone = '', email = '', address = '', nik_last4 = '', nik_old_district_id = NULL,"
        f" rejection_reason = CASE WHEN rejection_reason = '' THEN '' ELSE '{ANONYMISED}' END"
    )
    document_set = "number_last4 = '', issuer = '', verification_note = '', file = ''"
    docs = f"id IN (SELECT id FROM {_t(Document)} WHERE worker_id = ANY(%(ids)s))"
    placements = f"id IN (SELECT id FROM {_t(Placement)} WHERE worker_id = ANY(%(ids)s))"
    placement_ids = f"placement_id IN (SELECT id FROM {_t(Placement)} WHERE worker_id = ANY(%(ids)s))"
    return [
        f"UPDATE {_t(Worker)} SET {worker_set}, nik_encrypted = '', nik_index = 'ANON-' || id"
        " WHERE id = ANY(%(ids)s)",
        f"UPDATE {_t(RegistrationAlias)} SET birth_date = make_date(EXTRACT(YEAR FROM birth_date)::int, 7, 1)"
        " WHERE worker_id = ANY(%(ids)s)",
        f"DELETE FROM {_t(FamilyContact)} WHERE worker_id = ANY(%(ids)s)",
        f"UPDATE {_t(Document)} SET {document_set}, number_encrypted = '', number_index = ''"
        " WHERE worker_id = ANY(%(ids)s)",
        f"UPDATE {_t(Placement)} SET recruiter_name = '' WHERE worker_id = ANY(%(ids)s)",
        f"UPDATE {_t(FeeItem)} SET note = '' WHERE {placement_ids}",
        f"UPDATE {_t(ReturnRecord)} SET reintegration_services = '' WHERE {placement_ids}",
        f"UPDATE {_history(Worker)} SET {worker_set} WHERE id = ANY(%(ids)s)",
        f"UPDATE {_history(Document)} SET {document_set} WHERE {docs}",
        f"UPDATE {_history(Placement)} SET recruiter_name = '' WHERE {placements}",
        _copy_into_history(Worker, "id = ANY(%(ids)s)"),
        _copy_into_history(Document, "worker_id = ANY(%(ids)s)"),
        _copy_into_history(Placement, "worker_id = ANY(%(ids)s)"),
        f"INSERT INTO {_t(AnonymisedRecord)} (kind, object_id, reason, by_id, at)"  # noqa: S608 - names from _meta
        f" SELECT '{AnonymisedRecord.Kind.WORKER.value}', id, '{RETENTION}', NULL, now() FROM unnest(%(ids)s) AS id",
        f"INSERT INTO {_t(AccessLog)} (at, user_id, username, action, subject_type, subject_id, purpose,"  # noqa: S608
        f" ip_address, detail) SELECT now(), NULL, '{SYSTEM.username}', '{AccessAction.ANONYMISE.value}', 'worker',"
        f" id::text, 'privacy:{RETENTION}', NULL, '{{}}'::jsonb FROM unnest(%(ids)s) AS id",
    ]


def fingerprint(ids: list[int]) -> dict[str, str]:
    """An md5 per table of every row the anonymisation of these workers writes: history and log rows
    without their own id and time, and every row without the times `make_due` sets (a run's own "now")."""
    due = "(to_jsonb(t) - 'updated_at' - 'created_at')::text"
    bare = "(to_jsonb(t) - 'history_id' - 'history_date' - 'id' - 'at' - 'updated_at' - 'created_at')::text"
    docs = f"SELECT id FROM {_t(Document)} WHERE worker_id = ANY(%(ids)s)"
    places = f"SELECT id FROM {_t(Placement)} WHERE worker_id = ANY(%(ids)s)"
    queries = {
        "workers": f"SELECT {due} FROM {_t(Worker)} t WHERE id = ANY(%(ids)s)",
        "aliases": f"SELECT {due} FROM {_t(RegistrationAlias)} t WHERE worker_id = ANY(%(ids)s)",
        "family contacts": f"SELECT {due} FROM {_t(FamilyContact)} t WHERE worker_id = ANY(%(ids)s)",
        "documents": f"SELECT {due} FROM {_t(Document)} t WHERE worker_id = ANY(%(ids)s)",
        "placements": f"SELECT {due} FROM {_t(Placement)} t WHERE worker_id = ANY(%(ids)s)",
        "fee items": f"SELECT {due} FROM {_t(FeeItem)} t WHERE placement_id IN ({places})",
        "returns": f"SELECT {due} FROM {_t(ReturnRecord)} t WHERE placement_id IN ({places})",
        "worker history": f"SELECT {bare} FROM {_history(Worker)} t WHERE id = ANY(%(ids)s)",
        "document history": f"SELECT {bare} FROM {_history(Document)} t WHERE id IN ({docs})",
        "placement history": f"SELECT {bare} FROM {_history(Placement)} t WHERE id IN ({places})",
        "anonymised": f"SELECT {bare} FROM {_t(AnonymisedRecord)} t WHERE reason = '{RETENTION}'",
        "access log": f"SELECT {bare} FROM {_t(AccessLog)} t WHERE subject_type = 'worker'"
        f" AND subject_id = ANY(%(texts)s) AND action = '{AccessAction.ANONYMISE.value}'",
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') FROM ({sql}) AS x(r)",  # noqa: S608
                {"ids": ids, "texts": [str(pk) for pk in ids]},
            )
            found[name] = cursor.fetchone()[0]
    return found


def _fill(ids: list[int]) -> None:
    """Give the due workers what the seed leaves empty and the anonymisation must clear (untimed): an
    address, e-mail and birth place; a family contact; document issuers, notes and number digits; the
    recruiter's name; the reintegration services of their returns; and one change-history row per worker,
    document and placement, so the scrub of the history has values to scrub."""
    places = f"SELECT id FROM {_t(Placement)} WHERE worker_id = ANY(%(ids)s)"
    statements = [
        f"UPDATE {_t(Worker)} SET address = 'Jl. Bench ' || id, email = 'w' || id || '@bench.invalid',"
        " birth_place = 'Bench' WHERE id = ANY(%(ids)s)",
        f"INSERT INTO {_t(FamilyContact)} (worker_id, full_name, relation, phone, address)"  # noqa: S608
        " SELECT id, 'Bench relative', 'PARENT', '+62812' || lpad(id::text, 7, '0'), 'Jl. Bench'"
        " FROM unnest(%(ids)s) AS id",
        f"UPDATE {_t(Document)} SET issuer = 'Bench issuer', verification_note = 'bench note',"
        " number_last4 = '1234' WHERE worker_id = ANY(%(ids)s)",
        f"UPDATE {_t(Placement)} SET recruiter_name = 'Bench recruiter' WHERE worker_id = ANY(%(ids)s)",
        f"UPDATE {_t(ReturnRecord)} SET reintegration_services = 'bench' WHERE placement_id IN ({places})",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, {"ids": ids})
        cursor.execute(f"SELECT id FROM {_t(Document)} WHERE worker_id = ANY(%(ids)s)", {"ids": ids})  # noqa: S608
        document_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(places, {"ids": ids})
        placement_ids = [row[0] for row in cursor.fetchall()]
    history_bulk_record_ids(model=Worker, ids=ids, updated=True, reason="bench")
    history_bulk_record_ids(model=Document, ids=document_ids, updated=True, reason="bench")
    history_bulk_record_ids(model=Placement, ids=placement_ids, updated=True, reason="bench")


def _one(count: int, work: Callable[[list[int]], None]) -> tuple[float, dict[str, str], list[int]]:
    """Make `count` workers due, time `work` on them, fingerprint what it wrote; then undo all of it."""
    with transaction.atomic():
        ids = make_due(count)
        _fill(ids)
        started = time.perf_counter()
        work(ids)
        seconds = time.perf_counter() - started
        found = fingerprint(ids)
        transaction.set_rollback(True)
    return seconds, found, ids


def p12(*, runs: int, scale: float) -> dict:
    workers = Worker.objects.filter(registration_number__startswith="BENCH-").count()
    count = workers // SHARE
    done: dict[str, int] = {}

    def ours(ids: list[int]) -> None:
        report = retention_apply()
        for result in report.results:
            done[str(result.kind)] = result.count

    def baseline(ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for sql in baseline_statements():
                cursor.execute(sql, {"ids": ids})

    _one(count, ours), _one(count, baseline)  # warm-up
    ours_times, base_times, mismatched = [], [], set()
    for _ in range(runs):
        ours_s, ours_found, ids = _one(count, ours)
        base_s, base_found, base_ids = _one(count, baseline)
        ours_times.append(ours_s)
        base_times.append(base_s)
        mismatched |= {name for name in ours_found if ours_found[name] != base_found.get(name)}
        if ids != base_ids:
            mismatched.add("due workers")
    ours_s, base_s = statistics.median(ours_times), statistics.median(base_times)
    other = {kind: n for kind, n in done.items() if kind != RetentionKind.WORKER_RECORD and n}
    if done.get(RetentionKind.WORKER_RECORD) != count:
        mismatched.add("workers the service anonymised")
    ratio = ours_s / base_s
    return {
        "measure": "P12",
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ratio,
        "target": "<= 1.5",
        "due": count,
        "mismatched": sorted(mismatched),
        "holds": ratio <= 1.5 and not mismatched,
        "notes": f"{count:,} workers due (rolled back after each run); fingerprints differing: "
        f"{len(mismatched)}{' (' + ', '.join(sorted(mismatched)) + ')' if mismatched else ''}; "
        f"other kinds the service also did: {other or 'none'}",
    }
