"""P1's floor: every rule of domain.md §3 written by hand as one set-based statement over all
placements, maintaining its own copy of the flags table with the same upsert and resolve as the engine.
The evidence is built the same way, so the two results can be compared row for row."""

DOCS = ["MARITAL_STATEMENT", "FAMILY_PERMISSION", "COMPETENCE", "MEDICAL", "PSYCHOLOGICAL", "PASSPORT",
        "WORK_VISA", "PLACEMENT_AGREEMENT", "EMPLOYMENT_CONTRACT"]  # fmt: skip

YMD = (
    "(extract(year from {d})::int * 10000 + extract(month from {d})::int * 100 + extract(day from {d})::int)"
)
MD = "((extract(year from {d})::int * 12 + extract(month from {d})::int + {n}) * 100 + extract(day from {d})::int)"


def valid_on(d: str) -> str:
    """The latest grant covers the date, no revocation, and the latest suspension-or-lift is not a
    suspension still running (as placements.licences reads the history)."""
    return f"""(EXISTS (SELECT 1 FROM placements_agencylicence g WHERE g.agency_id = p.agency_id
                   AND g.event IN ('ISSUED', 'RENEWED') AND g.effective_date <= {d} AND g.valid_until >= {d}
                   AND NOT EXISTS (SELECT 1 FROM placements_agencylicence g2 WHERE g2.agency_id = p.agency_id
                        AND g2.event IN ('ISSUED', 'RENEWED') AND g2.effective_date <= {d}
                        AND (g2.effective_date, g2.id) > (g.effective_date, g.id)))
           AND NOT EXISTS (SELECT 1 FROM placements_agencylicence r WHERE r.agency_id = p.agency_id
                   AND r.event = 'REVOKED' AND r.effective_date <= {d})
           AND NOT EXISTS (SELECT 1 FROM placements_agencylicence s WHERE s.agency_id = p.agency_id
                   AND s.event = 'SUSPENDED' AND s.effective_date <= {d} AND (s.valid_until IS NULL OR s.valid_until >= {d})
                   AND NOT EXISTS (SELECT 1 FROM placements_agencylicence x WHERE x.agency_id = p.agency_id
                        AND x.event IN ('SUSPENDED', 'REINSTATED') AND x.effective_date <= {d}
                        AND (x.effective_date, x.id) > (s.effective_date, s.id))))"""


def policy(status: str) -> str:
    return f"""EXISTS (SELECT 1 FROM placements_countrypolicy c WHERE c.country_id = p.destination_country_id
                AND c.status = '{status}' AND c.valid_from <= p.departure_date
                AND (c.valid_until IS NULL OR c.valid_until >= p.departure_date)
                AND c.employer_type IN ('ANY', p.employer_type)
                AND (c.position_category = 'ANY' OR (c.position_category = 'DOMESTIC' AND pos.is_domestic)))"""


def in_force(status: str) -> str:
    """Policy rows `c` of this status for the placement's country on its departure date."""
    return f"""c.country_id = p.destination_country_id AND c.status = '{status}' AND c.valid_from <= p.departure_date
                AND (c.valid_until IS NULL OR c.valid_until >= p.departure_date)"""


def covering(status: str, extra: str = "") -> str:
    """A policy of this status in force covers the placement's position."""
    return f"""EXISTS (SELECT 1 FROM placements_countrypolicy c WHERE {in_force(status)} {extra}
                AND (c.position_category = 'ANY' OR (c.position_category = 'DOMESTIC' AND pos.is_domestic)))"""


# A special channel in force that the placement meets: an agency on record (designated, if the channel says
# so), one of its positions (if it lists any), its employer type (if it requires one).
CHANNEL_MET = """AND c.employer_type IN ('ANY', p.employer_type)
    AND (NOT c.designated_only OR EXISTS (SELECT 1 FROM placements_countrypolicy_designated_agencies da
                                          WHERE da.countrypolicy_id = c.id AND da.agency_id = p.agency_id))
    AND (NOT EXISTS (SELECT 1 FROM placements_countrypolicy_positions cp WHERE cp.countrypolicy_id = c.id)
         OR EXISTS (SELECT 1 FROM placements_countrypolicy_positions cp
                    WHERE cp.countrypolicy_id = c.id AND cp.position_id = p.position_id))"""
INSIDE_CHANNEL = f"(p.agency_id IS NOT NULL AND {covering('SPECIAL_CHANNEL', CHANNEL_MET)})"

# NP-CLUSTER: the people of one (recruiter phone, village) group within 30 days of an anchor day: distinct
# workers of placements without an agency, plus complaints naming the phone from the village whose worker
# has no placement by that phone. `{phone}`, `{village}` and `{day}` name the anchor's columns.
MEMBERS = """((SELECT count(DISTINCT m.worker_id) FROM placements_placement m JOIN workers_worker mw ON mw.id = m.worker_id
               WHERE m.agency_id IS NULL AND m.recruiter_phone = {phone} AND mw.domicile_village_id = {village}
                 AND m.recruited_date BETWEEN {day} AND {day} + 29)
            + (SELECT count(*) FROM complaints_complaint c
               WHERE c.recruiter_phone = {phone} AND c.village_id = {village}
                 AND (c.created_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN {day} AND {day} + 29
                 AND NOT EXISTS (SELECT 1 FROM placements_placement k WHERE k.worker_id = c.worker_id
                                 AND k.recruiter_phone = c.recruiter_phone AND k.agency_id IS NULL)))"""
COMPLAINT_DAY = "((a.created_at AT TIME ZONE 'Asia/Jakarta')::date)"


BASE = """FROM placements_placement p JOIN workers_worker w ON w.id = p.worker_id
          LEFT JOIN placements_position pos ON pos.code = p.position_id"""

RULES: dict[str, tuple[str, int, str]] = {
    # code: (severity, version, "SELECT p.id, <evidence> ... " statement)
    "NP-AGE": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('birth_date', w.birth_date, 'departure_date', p.departure_date) {BASE}
        WHERE p.departure_date IS NOT NULL AND w.birth_date IS NOT NULL
          AND {YMD.format(d="p.departure_date")} - {YMD.format(d="w.birth_date")} < 180000""",
    ),
    "NP-NIK": (
        "H",
        1,
        f"""SELECT p.id, jsonb_build_object('nik_problem', w.nik_issue, 'declared_sex', w.sex,
        'declared_birth_date', w.birth_date) {BASE} WHERE w.nik_issue <> ''""",
    ),
    "NP-RECRUITER": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('scheme', p.scheme, 'recruiter_type', p.recruiter_type,
        'agency_licence_number', p.agency_licence_number) {BASE}
        WHERE p.scheme = 'P2P' AND p.recruiter_type = 'INDIVIDUAL' AND p.agency_id IS NULL""",
    ),
    "NP-AGENCY-UNLICENSED": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('agency_licence_number', p.agency_licence_number)
        {BASE} WHERE p.scheme = 'P2P' AND (p.agency_id IS NULL
          OR NOT EXISTS (SELECT 1 FROM placements_agencylicence l WHERE l.agency_id = p.agency_id))""",
    ),
    "NP-AGENCY-LICENCE": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('agency_licence_number', p.agency_licence_number,
        'recruited_date', p.recruited_date, 'departure_date', p.departure_date) {BASE}
        WHERE p.agency_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM placements_agencylicence l WHERE l.agency_id = p.agency_id)
          AND ((p.recruited_date IS NOT NULL AND NOT {valid_on("p.recruited_date")})
               OR (p.departure_date IS NOT NULL AND NOT {valid_on("p.departure_date")}))""",
    ),
    "NP-JOBORDER": (
        "H",
        2,
        f"""SELECT p.id, jsonb_build_object('job_order_number', p.job_order_number,
        'job_order_valid_until', j.valid_until, 'job_order_quota', j.quota, 'departure_date', p.departure_date,
        'agency_licence_number', p.agency_licence_number, 'job_order_agency', ja.licence_number)
        {BASE} LEFT JOIN placements_joborder j ON j.id = p.job_order_id
        LEFT JOIN placements_agency ja ON ja.id = j.agency_id
        LEFT JOIN (SELECT q.id FROM (SELECT pp.id, jj.quota, row_number() OVER (PARTITION BY pp.job_order_id
                       ORDER BY pp.recruited_date ASC NULLS LAST, pp.id) AS place
                   FROM placements_placement pp JOIN placements_joborder jj ON jj.id = pp.job_order_id) q
                   WHERE q.place > q.quota) over_quota ON over_quota.id = p.id
        WHERE p.scheme = 'P2P' AND (p.job_order_id IS NULL OR p.departure_date > j.valid_until
          OR p.recruited_date < j.valid_from OR over_quota.id IS NOT NULL
          OR (p.job_order_id IS NOT NULL AND p.agency_id IS DISTINCT FROM j.agency_id))""",
    ),
    "NP-JOBORDER-MISMATCH": (
        "H",
        1,
        f"""SELECT p.id, jsonb_build_object('destination_country', p.destination_country_id,
        'job_order_country', j.country_id, 'position', p.position_id, 'job_order_position', j.position_id)
        {BASE} JOIN placements_joborder j ON j.id = p.job_order_id
        WHERE p.destination_country_id IS DISTINCT FROM j.country_id OR p.position_id IS DISTINCT FROM j.position_id""",
    ),
    "NP-MANDIRI": (
        "H",
        1,
        f"""SELECT p.id, jsonb_build_object('scheme', p.scheme, 'employer_type', p.employer_type)
        {BASE} WHERE p.scheme = 'MANDIRI' AND p.employer_type = 'INDIVIDUAL'""",
    ),
    "NP-CLUSTER": (
        "M",
        2,
        # Windows anchored on a member's day (a placement's recruitment or a complaint's filing) holding 5+
        # people; correlated counts go through the tables' indexes.
        f"""SELECT p.id, jsonb_build_object('village_code', w.domicile_village_id, 'recruiter_phone', p.recruiter_phone,
                                    'recruited_date', p.recruited_date)
        FROM placements_placement p JOIN workers_worker w ON w.id = p.worker_id
        WHERE p.agency_id IS NULL AND p.recruited_date IS NOT NULL AND p.recruiter_phone <> ''
          AND (EXISTS (
            SELECT 1 FROM placements_placement s JOIN workers_worker sw ON sw.id = s.worker_id
            WHERE s.agency_id IS NULL AND s.recruited_date IS NOT NULL AND s.recruiter_phone = p.recruiter_phone
              AND sw.domicile_village_id = w.domicile_village_id
              AND s.recruited_date BETWEEN p.recruited_date - 29 AND p.recruited_date
              AND {MEMBERS.format(phone="s.recruiter_phone", village="sw.domicile_village_id", day="s.recruited_date")} >= 5)
          OR EXISTS (
            SELECT 1 FROM complaints_complaint a
            WHERE a.recruiter_phone = p.recruiter_phone AND a.village_id = w.domicile_village_id
              AND {COMPLAINT_DAY} BETWEEN p.recruited_date - 29 AND p.recruited_date
              AND {MEMBERS.format(phone="a.recruiter_phone", village="a.village_id", day=COMPLAINT_DAY)} >= 5))""",
    ),
    "NP-DESTINATION": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('destination_country', p.destination_country_id,
        'departure_date', p.departure_date) {BASE}
        WHERE p.departure_date IS NOT NULL AND p.destination_country_id IS NOT NULL AND {policy("CLOSED")}""",
    ),
    "NP-MORATORIUM": (
        "C",
        2,
        f"""SELECT p.id, jsonb_build_object('destination_country', p.destination_country_id,
        'position', p.position_id, 'employer_type', p.employer_type, 'household_assumed', p.employer_type = '',
        'departure_date', p.departure_date) {BASE}
        WHERE p.departure_date IS NOT NULL AND p.destination_country_id IS NOT NULL
          AND (p.employer_type = 'INDIVIDUAL' OR (p.employer_type = '' AND pos.is_domestic))
          AND {covering("MORATORIUM", "AND c.employer_type IN ('ANY', 'INDIVIDUAL')")}
          AND NOT {INSIDE_CHANNEL}""",
    ),
    "NP-SPECIAL-CHANNEL": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('destination_country', p.destination_country_id,
        'position', p.position_id, 'employer_type', p.employer_type, 'agency_licence_number', p.agency_licence_number,
        'departure_date', p.departure_date,
        'channel', (SELECT c.legal_basis FROM placements_countrypolicy c WHERE {in_force("SPECIAL_CHANNEL")}
                    ORDER BY c.id LIMIT 1)) {BASE}
        WHERE p.departure_date IS NOT NULL AND p.destination_country_id IS NOT NULL
          AND {covering("SPECIAL_CHANNEL")} AND NOT {INSIDE_CHANNEL}""",
    ),
    "NP-VISA": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('visa_type', p.visa_type) {BASE}
        WHERE p.visa_type IN ('TOURIST', 'VISIT', 'UMRAH', 'STUDENT', 'SELF_EMPLOYED')""",
    ),
    "NP-EXIT": (
        "C",
        1,
        f"""SELECT p.id, jsonb_build_object('exit_point', p.exit_point, 'official_exit', p.official_exit)
        {BASE} WHERE p.official_exit = false""",
    ),
    "NP-DOCS": (
        "H",
        1,
        f"""SELECT p.id, jsonb_build_object({", ".join(f"'{d.lower()}', coalesce(ok.{d.lower()}, false)" for d in DOCS)})
        {BASE} LEFT JOIN LATERAL (SELECT {", ".join(f"bool_or(d.doc_type = '{d}') AS {d.lower()}" for d in DOCS)},
                                         count(*) AS n
            FROM workers_document d WHERE d.worker_id = p.worker_id AND d.verification = 'VERIFIED'
              AND d.doc_type IN ({", ".join(f"'{d}'" for d in DOCS)})
              AND (d.expiry_date IS NULL OR d.expiry_date >= p.departure_date)) ok ON true
        WHERE p.departure_date IS NOT NULL AND coalesce(ok.n, 0) < 9""",
    ),
    "NP-BPJS": (
        "H",
        2,
        f"""SELECT p.id, jsonb_build_object('bpjs_valid_from', p.bpjs_valid_from, 'bpjs_valid_until', p.bpjs_valid_until,
        'departure_date', p.departure_date, 'contract_months', p.contract_months) {BASE}
        WHERE p.departure_date IS NOT NULL AND (p.bpjs_valid_until IS NULL OR p.bpjs_valid_until < p.departure_date
          OR p.bpjs_valid_from > p.departure_date
          OR {MD.format(d="p.bpjs_valid_until", n=0)} < {MD.format(d="p.departure_date", n="coalesce(p.contract_months, 0)")})""",
    ),
    "NP-OPP": (
        "H",
        2,
        f"""SELECT p.id, jsonb_build_object('opp_date', p.opp_date, 'departure_date', p.departure_date, 'phase', p.phase)
        {BASE} WHERE (p.phase IN ('MASA', 'PURNA')
                      OR (p.phase = 'PRA' AND p.departure_date <= (now() AT TIME ZONE 'Asia/Jakarta')::date + 7))
          AND (p.opp_date IS NULL OR p.opp_date > p.departure_date)""",
    ),
    "NP-PERMISSION-VILLAGE": (
        "M",
        1,
        f"""SELECT p.id, jsonb_build_object('domicile_village', w.domicile_village_id) {BASE}
        WHERE EXISTS (SELECT 1 FROM workers_document d WHERE d.worker_id = p.worker_id
          AND d.doc_type = 'FAMILY_PERMISSION' AND d.acknowledged_village_id IS NOT NULL
          AND d.acknowledged_village_id <> w.domicile_village_id)""",
    ),
    "NP-FEES": (
        "H",
        2,
        f"""SELECT p.id, jsonb_build_object('position', p.position_id, 'fees_charged_idr',
        coalesce(p.fees_charged_idr, 0), 'departure_date', p.departure_date) {BASE}
        WHERE pos.is_zero_cost AND pos.zero_cost_from IS NOT NULL
          AND (p.departure_date IS NULL OR (p.departure_date >= pos.zero_cost_from
               AND (pos.zero_cost_until IS NULL OR p.departure_date <= pos.zero_cost_until)))
          AND (p.fees_charged_idr > 0
          OR EXISTS (SELECT 1 FROM placements_feeitem f WHERE f.placement_id = p.id AND f.amount_idr > 0))""",
    ),
    "NP-RETRO": (
        "H",
        3,
        f"""SELECT p.id, jsonb_build_object('return_date', rr.return_date, 'return_reason', rr.reason,
        'complaints', (SELECT count(*) FROM complaints_complaint c WHERE c.placement_id = p.id GROUP BY c.placement_id))
        {BASE} LEFT JOIN placements_returnrecord rr ON rr.placement_id = p.id
        WHERE (rr.id IS NOT NULL OR EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.placement_id = p.id))
          AND NOT EXISTS (SELECT 1 FROM placements_placement q WHERE q.worker_id = p.worker_id AND q.visa_type = 'WORK'
          AND (q.scheme IN ('G2G', 'G2P', 'UKPS') OR (q.scheme = 'P2P' AND q.agency_id IS NOT NULL
               AND q.job_order_id IS NOT NULL) OR (q.scheme = 'MANDIRI' AND q.employer_type = 'LEGAL_ENTITY')))""",
    ),
}

TABLE = "bench_flag"

UPSERT = """
INSERT INTO bench_flag (placement_id, rule, rule_version, severity, evidence, status, first_seen_at, last_seen_at,
                        resolved_at, referred_to)
SELECT m.id, %(rule)s, %(version)s, %(severity)s, m.evidence, 'OPEN', %(now)s, %(now)s, NULL, ''
FROM ({select}) AS m(id, evidence)
ON CONFLICT (placement_id, rule) DO UPDATE SET
    status = CASE WHEN bench_flag.status = 'RESOLVED' THEN 'OPEN'
                  WHEN bench_flag.status = 'DISMISSED' AND bench_flag.evidence <> excluded.evidence THEN 'OPEN'
                  ELSE bench_flag.status END,
    resolved_at = NULL, rule_version = excluded.rule_version, severity = excluded.severity,
    evidence = excluded.evidence, last_seen_at = GREATEST(bench_flag.last_seen_at, excluded.last_seen_at)
"""
RESOLVE = """UPDATE bench_flag SET status = 'RESOLVED', resolved_at = %(now)s
             WHERE rule = %(rule)s AND last_seen_at < %(now)s AND status <> 'RESOLVED'"""


def prepare(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cursor.execute(f"CREATE TABLE {TABLE} (LIKE placements_flag INCLUDING ALL)")


def run(cursor, now) -> None:
    # As the engine does: compiling these plans costs more than running them; hash subquery results.
    cursor.execute("SET jit = off")
    cursor.execute("SET work_mem = '64MB'")
    for code, (severity, version, select) in RULES.items():
        params = {"rule": code, "version": version, "severity": severity, "now": now}
        cursor.execute(UPSERT.format(select=select.replace("%", "%%")), params)
        cursor.execute(RESOLVE, params)
