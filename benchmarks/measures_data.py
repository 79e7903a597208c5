"""One person's data package (P9) and the seeding budget (P11)."""

from django.db import connection

from benchmarks.__main__ import REQUEST_WARMUP, median_pair
from benchmarks.scale import FULL, seed_time
from benchmarks.staff import bench_worker_id

# P9's floor: the same rows by hand, each through its index (the trail through the access log's
# subject index, newest first).
_PACKAGE_SQL = [
    "SELECT id, registration_number, nik_encrypted, full_name, sex, birth_date, birth_place, phone, email,"
    " domicile_village_id, address, education, marital_status, desired_country, desired_position, status,"
    " rejection_reason, phase, created_at FROM workers_worker WHERE id = %(id)s",
    "SELECT full_name, relation, phone, address FROM workers_familycontact WHERE worker_id = %(id)s ORDER BY id",
    "SELECT doc_type, number_last4, issuer, issued_date, expiry_date, verification, file FROM workers_document"
    " WHERE worker_id = %(id)s ORDER BY doc_type, id",
    "SELECT purpose, granted, notice_version, notice_hash, channel, at FROM workers_consentevent"
    " WHERE worker_id = %(id)s ORDER BY at, id",
    "SELECT at, username, action, purpose FROM accounts_accesslog WHERE subject_type = 'worker'"
    " AND subject_id = %(sid)s ORDER BY at DESC, id DESC",
]


def p9(*, runs: int, scale: float) -> dict:
    """The data package of one worker (record, documents, consents, processing trail) vs raw indexed SQL."""
    from workers.models import Worker
    from workers.selectors import worker_data_package

    worker_id = bench_worker_id()
    got = {}

    def ours():
        got["package"] = worker_data_package(worker=Worker.objects.get(pk=worker_id))

    def baseline():
        with connection.cursor() as cursor:
            got["raw"] = []
            for sql in _PACKAGE_SQL:
                cursor.execute(sql, {"id": worker_id, "sid": str(worker_id)})
                got["raw"].append(cursor.fetchall())

    ours_s, base_s = median_pair(ours, baseline, runs, warmup=REQUEST_WARMUP)
    package, raw = got["package"], got["raw"]
    differences = sum(
        abs(len(package[part]) - len(rows))
        for part, rows in zip(
            ("family_contacts", "documents", "consent_history", "access_trail"), raw[1:], strict=True
        )
    )
    ratio = ours_s / base_s
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_accesslog")
        log_rows = cursor.fetchone()[0]
    return {
        "measure": "P9",
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ratio,
        "target": "<= 3",
        "trail_rows": len(package["access_trail"]),
        "differences": differences,
        "holds": ratio <= 3 and differences == 0,
        "notes": f"worker {worker_id}: {len(package['access_trail'])} trail rows among {log_rows:,} log rows;"
        f" rows differing from the SQL: {differences}",
    }


BUDGET_S = 15 * 60


def p11(*, runs: int, scale: float) -> dict:
    """`seed_scale`'s wall-clock time for this database (recorded when it was seeded) vs 15 minutes."""
    seconds = seed_time(scale=scale)
    if seconds is None:
        return {"measure": "P11", "ours_s": None, "baseline_s": BUDGET_S, "ratio": None, "target": "<= 1",
                "holds": False, "notes": "this database was seeded before seeding times were recorded: reseed"}  # fmt: skip
    ratio = seconds / BUDGET_S
    rows = {name: int(count * scale) for name, count in FULL.items()}
    return {
        "measure": "P11",
        "ours_s": seconds,
        "baseline_s": BUDGET_S,
        "ratio": ratio,
        "target": "<= 1",
        "holds": ratio <= 1,
        "notes": f"seed_scale at {scale}: {seconds:.0f} s ({rows['workers']:,} workers, {rows['access_log']:,}"
        " access-log rows); the budget is for scale 1.0",
    }
