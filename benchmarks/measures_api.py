"""P6: the staff API lists, first and last keyset page, vs raw keyset SQL fetching the columns the response
carries (as the administrator: every region, so the SQL needs no scope)."""

import base64
from typing import Any

from django.db import connection

from benchmarks.__main__ import REQUEST_WARMUP, median_pair
from benchmarks.staff import admin_client

PAGE = 50
# (endpoint, the rows it lists, joins and the columns of the response)
LISTS = {
    "workers": (
        "/api/v1/workers/",
        "workers_worker t",
        """SELECT t.id, t.registration_number, t.nik_last4, t.full_name, t.sex, t.birth_date, t.domicile_village_id,
                  v.name, r.name, t.status, t.phase, t.possible_duplicate, t.created_at
           FROM workers_worker t JOIN regions_village v ON v.code = t.domicile_village_id
           JOIN regions_district d ON d.code = v.district_id JOIN regions_regency r ON r.code = d.regency_id""",
    ),
    "placements": (
        "/api/v1/placements/",
        "placements_placement t",
        """SELECT t.id, t.source, t.external_id, w.registration_number, w.domicile_village_id, t.scheme,
                  t.agency_licence_number, t.job_order_number, t.recruiter_type, t.destination_country_id,
                  t.position_id, t.employer_type, t.visa_type, t.recruited_date, t.departure_date, t.arrival_date,
                  t.official_exit, t.contract_months, t.bpjs_valid_from, t.bpjs_valid_until, t.opp_date,
                  t.fees_charged_idr, t.phase, t.updated_at
           FROM placements_placement t JOIN workers_worker w ON w.id = t.worker_id""",
    ),
    "flags": (
        "/api/v1/flags/",
        "placements_flag t",
        """SELECT t.id, p.external_id, t.rule, t.rule_version, t.severity, t.status, t.evidence, t.first_seen_at,
                  t.last_seen_at
           FROM placements_flag t JOIN placements_placement p ON p.id = t.placement_id""",
    ),
    "complaints": (
        "/api/v1/complaints/",
        "complaints_complaint t",
        """SELECT t.id, t.ticket, t.status, t.phase, t.category, t.priority, t.village_id, u.username, t.due_at,
                  (t.status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'REFERRED') AND t.due_at < now()),
                  t.overdue_since, t.outcome, t.created_at, t.updated_at
           FROM complaints_complaint t LEFT JOIN auth_user u ON u.id = t.assignee_id""",
    ),
}
# The flags list carries open or reviewed flags (exchange-format.md): the SQL says the same.
WHERE = {
    "flags": "(t.status <> 'RESOLVED' OR EXISTS (SELECT 1 FROM placements_flagreview r WHERE r.flag_id = t.id))"
}


def _last_position(table: str, where: str) -> int | None:
    """The keyset position whose page is the last one: the id just above the lowest PAGE rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {table} WHERE {where} ORDER BY t.id LIMIT 1 OFFSET {PAGE}")
        row = cursor.fetchone()
    return row[0] if row else None


def _cursor(position: int) -> str:
    # DRF's CursorPagination cursor: base64 of the query string `p=<position>`.
    return base64.b64encode(f"p={position}".encode()).decode()


def p6(*, runs: int, scale: float) -> dict:
    client, _user = admin_client()
    cases: list[dict[str, Any]] = []
    differences = 0
    for name, (url, table, select) in LISTS.items():
        where = WHERE.get(name, "true")
        last = _last_position(table, where)
        for page, position in (("first", None), ("last", last)):
            if page == "last" and position is None:
                continue  # a single page: the last is the first
            got: dict[str, list[int]] = {}
            api_url = url if position is None else f"{url}?cursor={_cursor(position)}"
            keyset = f" AND t.id < {int(position)}" if position is not None else ""
            sql = f"{select} WHERE {where}{keyset} ORDER BY t.id DESC LIMIT {PAGE + 1}"

            def ours(api_url=api_url, got=got):
                response = client.get(api_url)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {api_url} answered {response.status_code}")
                got["api"] = [row["id"] for row in response.json()["results"]]

            def baseline(sql=sql, got=got):
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    got["sql"] = [row[0] for row in cursor.fetchall()[:PAGE]]

            ours_s, base_s = median_pair(ours, baseline, runs, warmup=REQUEST_WARMUP)
            differing = len(set(got["api"]) ^ set(got["sql"]))
            differences += differing
            cases.append({"list": name, "page": page, "ours_s": ours_s, "baseline_s": base_s,
                          "ratio": ours_s / base_s, "rows": len(got["api"]), "rows_differing": differing})  # fmt: skip
    worst = max(cases, key=lambda c: c["ratio"])
    first = {c["list"]: c["ours_s"] for c in cases if c["page"] == "first"}
    growth = max((c["ours_s"] / first[c["list"]] for c in cases if c["page"] == "last"), default=1.0)
    holds = worst["ratio"] <= 5 and growth <= 1.5 and differences == 0
    return {
        "measure": "P6",
        "ours_s": worst["ours_s"],
        "baseline_s": worst["baseline_s"],
        "ratio": worst["ratio"],
        "target": "<= 5; last <= 1.5 x first",
        "cases": cases,
        "last_vs_first": growth,
        "differences": differences,
        "holds": holds,
        "notes": f"worst: {worst['list']} {worst['page']} page; last page {growth:.2f} x first;"
        f" rows differing from the SQL: {differences}",
    }
