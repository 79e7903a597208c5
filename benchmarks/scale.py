"""Set-based generation of benchmark data at a given scale (1.0 = performance.md's sizes).

Everything is `INSERT ... SELECT` over generate_series, with values derived from a hash of the row
number so that the data is the same on every run. Non-procedural cases appear at realistic rates.
"""

import time

from django.db import connection, transaction

FULL = {
    "workers": 1_000_000,
    "placements": 1_200_000,
    "agencies": 500,
    "job_orders": 5_000,
    "complaints": 100_000,
    "outreach_events": 20_000,
    "access_log": 5_000_000,
}

# The large tables: their secondary indexes, unique constraints and foreign keys are dropped before the
# load and rebuilt after it (one sort per index instead of millions of inserts into each; no deferred
# foreign-key check queued per row). All in the load's transaction: a failure leaves the schema intact.
BULK_TABLES = [
    "workers_worker",
    "workers_document",
    "placements_placement",
    "placements_returnrecord",
    "complaints_complaint",
    "outreach_outreachevent",
    "accounts_accesslog",
]

# Deterministic pseudo-random integer in [0, n) from a row number and a salt.
H = "(abs(hashtext(({i})::text || '{salt}')) %% {n})"


def h(i: str, salt: str, n: int | str) -> str:
    return H.format(i=i, salt=salt, n=n)


STATEMENTS = [
    # Agencies and their licences: 85% valid, 5% expired, 5% suspended, 5% revoked.
    """
    INSERT INTO placements_agency (name, licence_number, address, phone, created_at, updated_at)
    SELECT 'PT Bench Agency ' || i, 'BENCH/SIP3MI/' || i, '', '', now(), now()
    FROM generate_series(1, %(agencies)s) AS i
    """,
    """
    INSERT INTO placements_agencylicence (agency_id, event, effective_date, valid_until, basis, note, created_at)
    SELECT a.id, 'ISSUED', DATE '2021-01-01', CASE WHEN a.id %% 20 = 1 THEN DATE '2025-06-30' ELSE DATE '2029-12-31' END,
           'bench', '', now()
    FROM placements_agency a WHERE a.licence_number LIKE 'BENCH/%%'
    """,
    """
    INSERT INTO placements_agencylicence (agency_id, event, effective_date, valid_until, basis, note, created_at)
    SELECT a.id, CASE WHEN a.id %% 20 = 2 THEN 'SUSPENDED' ELSE 'REVOKED' END, DATE '2026-03-01', NULL, 'bench', '', now()
    FROM placements_agency a WHERE a.licence_number LIKE 'BENCH/%%' AND a.id %% 20 IN (2, 3)
    """,
    # Job orders: random agency, country and position; quota large enough that most are not exhausted.
    """
    INSERT INTO placements_joborder (number, agency_id, country_id, position_id, employer_name, employer_type, quota,
                                     valid_from, valid_until, created_at, updated_at)
    SELECT 'BENCH/SIP2MI/' || i, ag.ids[1 + {agency}], (ARRAY['MY','TW','HK','SG','KR','JP','SA','AE'])[1 + {country}],
           (ARRAY['ELDERLY_CARER','HOUSEKEEPER','MANUFACTURING','CONSTRUCTION','FARM_WORKER','HOSPITALITY'])[1 + {position}],
           '', CASE WHEN {employer} = 0 THEN 'INDIVIDUAL' ELSE 'LEGAL_ENTITY' END, 200 + {quota},
           DATE '2024-01-01', CASE WHEN {expired} = 0 THEN DATE '2025-12-31' ELSE DATE '2028-12-31' END, now(), now()
    FROM generate_series(1, %(job_orders)s) AS i,
         (SELECT array_agg(id ORDER BY id) AS ids FROM placements_agency WHERE licence_number LIKE 'BENCH/%%') AS ag
    """.format(
        agency=h("i", "a", "cardinality(ag.ids)"),
        country=h("i", "c", 8),
        position=h("i", "p", 6),
        employer=h("i", "e", 5),
        quota=h("i", "q", 100),
        expired=h("i", "x", 25),
    ),
    # Workers: domiciled in random villages (a tenth of them in Lampung Timur), NIK fields as opaque tokens.
    """
    INSERT INTO workers_worker (registration_number, nik_encrypted, nik_index, nik_last4, nik_issue, full_name, sex,
        birth_date, birth_place, phone, email, domicile_village_id, address, education, marital_status,
        desired_country, desired_position, status, rejection_reason, phase, possible_duplicate, channel,
        created_at, updated_at)
    SELECT 'BENCH-' || lpad(i::text, 10, '0'), 'bench', encode(sha256(('nik' || i)::bytea), 'hex'),
           lpad((i %% 10000)::text, 4, '0'), CASE WHEN {nik_bad} = 0 THEN 'BIRTH_DATE' ELSE '' END,
           'Pekerja ' || i, CASE WHEN {sex} = 0 THEN 'M' ELSE 'F' END,
           DATE '1970-01-01' + {age_days}, '', '08' || lpad(i::text, 10, '0'), '',
           CASE WHEN {local} = 0 THEN lt.code ELSE v.code END,
           '', '', '', '', '', 'VERIFIED', '', 'PRA', false, 'IMPORT', now(), now()
    FROM generate_series(1, %(workers)s) AS i
    -- Villages by number, joined (a subscript into an array of 83,762 codes detoasts it for every row).
    JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM regions_village) AS v ON v.k = {village}
    JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM regions_village
          WHERE code LIKE '18.07.%%') AS lt ON lt.k = {lt_village}
    """.format(
        nik_bad=h("i", "n", 200),
        sex=h("i", "s", 3),
        age_days=h("i", "b", 14000),
        local=h("i", "l", 10),
        lt_village=h("i", "lv", 264),
        village=h("i", "v", 83762),
    ),
    # Placements: one per worker plus a second for a fifth of them; a few percent break each rule.
    """
    INSERT INTO placements_placement (source, external_id, worker_id, scheme, agency_licence_number, agency_id,
        job_order_number, job_order_id, recruiter_type, recruiter_name, recruiter_phone, destination_country_id,
        position_id, employer_type, visa_type, recruited_date, departure_date, arrival_date, exit_point,
        official_exit, contract_months, bpjs_valid_from, bpjs_valid_until, opp_date, fees_charged_idr, phase, created_at,
        updated_at)
    SELECT 'bench', 'B' || i, w.first_id + (i %% w.n),
           CASE WHEN {scheme} = 0 THEN 'MANDIRI' WHEN {scheme} = 1 THEN 'G2G' ELSE 'P2P' END,
           CASE WHEN {calo} = 0 THEN '' ELSE jo.licence_number END,
           CASE WHEN {calo} = 0 THEN NULL ELSE jo.agency_id END,
           CASE WHEN {calo} = 0 THEN '' ELSE jo.number END,
           CASE WHEN {calo} = 0 THEN NULL ELSE jo.id END,
           CASE WHEN {calo} = 0 THEN 'INDIVIDUAL' ELSE 'AGENCY' END, '',
           CASE WHEN {calo} = 0 THEN '0813' || lpad({recruiter}::text, 8, '0') ELSE '' END,
           CASE WHEN {dest} = 0 THEN 'KH' WHEN {dest} = 1 THEN 'JP' ELSE jo.country_id END,
           jo.position_id, jo.employer_type,
           CASE WHEN {visa} = 0 THEN 'TOURIST' ELSE 'WORK' END,
           DATE '2025-01-01' + {recruited}, DATE '2025-03-01' + {recruited}, NULL, '',
           CASE WHEN {exit} = 0 THEN false ELSE true END, 24,
           DATE '2025-03-01' + {recruited} + CASE WHEN {bpjs_late} = 0 THEN 10 ELSE -14 END,
           CASE WHEN {bpjs} = 0 THEN NULL ELSE DATE '2030-06-30' END,
           CASE WHEN {opp} = 0 THEN NULL ELSE DATE '2025-02-20' + {recruited} END,
           CASE WHEN {fees} = 0 THEN 15000000 ELSE 0 END,
           CASE WHEN {phase} = 0 THEN 'PRA' WHEN {phase} = 1 THEN 'PURNA' ELSE 'MASA' END, now(), now()
    FROM generate_series(1, %(placements)s) AS i
    CROSS JOIN (SELECT min(id) AS first_id, count(*) AS n FROM workers_worker
                WHERE registration_number LIKE 'BENCH-%%') AS w
    JOIN LATERAL (SELECT j.id, j.number, j.agency_id, a.licence_number, j.country_id, j.position_id, j.employer_type
                  FROM placements_joborder j JOIN placements_agency a ON a.id = j.agency_id
                  WHERE j.number = 'BENCH/SIP2MI/' || (1 + {job_order})) AS jo ON true
    """.format(
        scheme=h("i", "sc", 100),
        calo=h("i", "ca", 50),
        recruiter=h("i", "rc", 2000),
        dest=h("i", "d", 200),
        visa=h("i", "vi", 100),
        recruited=h("i", "r", 600),
        exit=h("i", "ex", 200),
        bpjs=h("i", "bp", 30),
        bpjs_late=h("i", "bl", 50),
        opp=h("i", "op", 40),
        fees=h("i", "fe", 100),
        phase=h("i", "ph", 5),
        job_order=h("i", "jo", "%(job_orders)s"),
    ),
    # Documents for most placed workers: the nine of art. 13, verified; some missing or expired.
    """
    INSERT INTO workers_document (worker_id, doc_type, number_encrypted, number_index, number_last4, issuer,
        issued_date, expiry_date, acknowledged_village_id, verification, verification_note, verified_by_id,
        verified_at, file, created_at, updated_at)
    SELECT w.id, d.doc_type, '', '', '', '', DATE '2024-06-01',
           CASE WHEN {expired} = 0 THEN DATE '2025-01-31' ELSE DATE '2031-12-31' END,
           CASE WHEN d.doc_type = 'FAMILY_PERMISSION' THEN
                CASE WHEN {other_village} = 0 THEN '18.07.01.2001' ELSE w.domicile_village_id END END,
           'VERIFIED', '', NULL, now(), '', now(), now()
    FROM workers_worker w
    CROSS JOIN unnest(ARRAY['MARITAL_STATEMENT','FAMILY_PERMISSION','COMPETENCE','MEDICAL','PSYCHOLOGICAL',
                            'PASSPORT','WORK_VISA','PLACEMENT_AGREEMENT','EMPLOYMENT_CONTRACT']) AS d(doc_type)
    WHERE w.registration_number LIKE 'BENCH-%%' AND {missing} <> 0
    """.format(
        expired=h("w.id", "dx", 300),
        other_village=h("w.id", "ov", 100),
        missing=h("w.id || d.doc_type", "dm", 60),
    ),
    # Returns for placements in the purna phase.
    """
    INSERT INTO placements_returnrecord (placement_id, return_date, reason, reintegration_services, recorded_by_id,
                                         created_at)
    SELECT p.id, p.departure_date + 730, CASE WHEN p.id %% 10 = 0 THEN 'DEPORTED' ELSE 'CONTRACT_END' END, '', NULL, now()
    FROM placements_placement p WHERE p.source = 'bench' AND p.phase = 'PURNA'
    """,
    # Complaints: from workers' villages, a third linked to a placement; most closed within weeks.
    """
    INSERT INTO complaints_complaint (ticket, access_code_hash, status, phase, category, priority, anonymous,
        reporter_relation, reporter_name, reporter_phone, village_id, office_id, worker_id, placement_id, agency_id,
        agency_licence_number, recruiter_phone, destination_country_id, description, due_at, overdue_since, outcome,
        wages_recovered_idr, rejection_reason, version, created_at, updated_at, closed_at, assignee_id,
        priority_set_by_id)
    SELECT 'BENCH-' || lpad(i::text, 10, '0'), '', c.status, 'MASA',
           (ARRAY['UNPAID_WAGES','ABUSE','CONTRACT_VIOLATION','ILLNESS','DETENTION','TRAFFICKING',
                  'ILLEGAL_RECRUITMENT','FAILED_DEPARTURE','WANTS_TO_RETURN','OTHER'])[1 + {category}],
           'NORMAL', true, '', '', '', w.domicile_village_id, NULL, NULL,
           CASE WHEN {linked} = 0 THEN p.id END, NULL, '',
           CASE WHEN {names_recruiter} = 0 THEN '0813' || lpad({recruiter}::text, 8, '0') ELSE '' END, NULL, 'bench', c.opened + interval '30 days', NULL, '',
           NULL, CASE WHEN c.status = 'REJECTED' THEN 'bench' ELSE '' END, 1, c.opened, c.opened,
           CASE WHEN c.status IN ('CLOSED', 'REJECTED') THEN c.opened + ({days} || ' days')::interval END, NULL, NULL
    FROM generate_series(1, %(complaints)s) AS i
    CROSS JOIN (SELECT min(id) AS first_id FROM placements_placement WHERE source = 'bench') AS pl
    JOIN placements_placement p ON p.id = pl.first_id + {placement}
    JOIN workers_worker w ON w.id = p.worker_id
    CROSS JOIN LATERAL (SELECT
        CASE WHEN {status} < 7 THEN 'CLOSED' WHEN {status} = 7 THEN 'REJECTED' ELSE 'IN_PROGRESS' END AS status,
        TIMESTAMPTZ '2025-01-01 09:00+07' + ({opened} || ' days')::interval AS opened) AS c
    """.format(
        category=h("i", "cc", 10),
        linked=h("i", "cl", 3),
        names_recruiter=h("i", "cn", 20),
        recruiter=h("i", "cr", 2000),
        placement=h("i", "cp", "%(placements)s"),
        status=h("i", "cs", 10),
        opened=h("i", "co", 600),
        days=h("i", "cd", 60),
    ),
    # Outreach events: one village in ten had some, a few a year.
    """
    INSERT INTO outreach_outreachevent (village_id, event_date, topic, title, organiser, partners, participants_male,
        participants_female, prospective_workers, materials, notes, office_id, recorded_by_id, created_at, updated_at)
    SELECT v.code, DATE '2025-01-01' + {day}, 'SAFE_MIGRATION', '', 'BP3MI', '', 10 + {men}, 10 + {women},
           {prospective}, '', '', NULL, NULL, now(), now()
    FROM generate_series(1, %(outreach_events)s) AS i
    JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM regions_village) AS v
      ON v.k = 10 * {village}
    """.format(
        day=h("i", "od", 600),
        men=h("i", "om", 30),
        women=h("i", "ow", 30),
        prospective=h("i", "op", 20),
        village=h("i", "ov", 8376),
    ),
    # The access log: 5,000,000 rows at scale 1.0, a few reads per worker over two years, some of
    # complaints and of lists (append-only: its trigger refuses UPDATE, DELETE and TRUNCATE, not INSERT).
    """
    INSERT INTO accounts_accesslog (at, user_id, username, action, subject_type, subject_id, purpose, ip_address,
                                    detail)
    SELECT TIMESTAMPTZ '2025-01-01 08:00+07' + ({minute} || ' minutes')::interval, NULL,
           'bench.officer' || {officer},
           CASE WHEN {kind} < 6 THEN 'VIEW' WHEN {kind} < 8 THEN 'API_READ' WHEN {kind} = 8 THEN 'LIST' ELSE 'VIEW' END,
           CASE WHEN {kind} = 9 THEN 'complaint' ELSE 'worker' END,
           CASE WHEN {kind} = 8 THEN '' WHEN {kind} = 9 THEN (c.first_id + {complaint})::text
                ELSE (w.first_id + {worker})::text END,
           CASE WHEN {kind} = 8 THEN 'admin:workers_worker_changelist' WHEN {kind} = 9
                THEN 'admin:complaints_complaint_change' ELSE 'admin:workers_worker_change' END,
           '10.0.0.1', '{{}}'::jsonb
    FROM generate_series(1, %(access_log)s) AS i,
         (SELECT min(id) AS first_id, count(*) AS n FROM workers_worker
          WHERE registration_number LIKE 'BENCH-%%') AS w,
         (SELECT min(id) AS first_id, count(*) AS n FROM complaints_complaint WHERE ticket LIKE 'BENCH-%%') AS c
    """.format(
        minute=h("i", "am", 1_051_200),
        officer=h("i", "ao", 40),
        kind=h("i", "ak", 10),
        worker=h("i", "aw", "w.n"),
        complaint=h("i", "ac", "greatest(c.n, 1)"),
    ),
]


# Row ranges the statements address by arithmetic on the first id (so they must be contiguous).
_CONTIGUOUS = {
    "workers_worker": "registration_number LIKE 'BENCH-%%'",
    "placements_placement": "source = 'bench'",
    "complaints_complaint": "ticket LIKE 'BENCH-%%'",
}


def _table_of(statement: str) -> str:
    return statement.split()[2]


def _drop_bulk_constraints(cursor) -> list[str]:
    """Drop the large tables' foreign keys, unreferenced unique constraints and secondary indexes;
    return the statements that rebuild them (indexes first, then constraints)."""
    tables = BULK_TABLES
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
        FROM pg_constraint c
        WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid
                          AND c.contype = 'u')
        ORDER BY c.contype, c.conname
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        WHERE x.indrelid::regclass::text = ANY(%s) AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY 1
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _definition, _kind in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    rebuild = [definition for _name, definition in indexes]
    rebuild += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition, kind in
                sorted(constraints, key=lambda c: c[3] != "u")]  # fmt: skip
    return rebuild


def _check_contiguous(cursor, table: str) -> None:
    cursor.execute(f"SELECT min(id), max(id), count(*) FROM {table} WHERE {_CONTIGUOUS[table]}")
    first, last, count = cursor.fetchone()
    if count and last - first + 1 != count:
        raise RuntimeError(f"{table}: benchmark ids are not contiguous; seed into a fresh database")


def seed(*, scale: float, progress=print) -> dict[str, int]:
    sizes = {name: max(int(count * scale), 1) for name, count in FULL.items()}
    sizes["agencies"] = max(sizes["agencies"], 20)
    sizes["job_orders"] = max(sizes["job_orders"], 50)
    if connection.vendor != "postgresql":
        raise RuntimeError("benchmark data needs PostgreSQL")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM workers_worker WHERE registration_number LIKE 'BENCH-%%'")
        if cursor.fetchone()[0]:
            progress("benchmark data already present; drop the database or run with a fresh one to reseed")
            return sizes
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        rebuild = _drop_bulk_constraints(cursor)
        progress(f"  {len(rebuild)} indexes and constraints of the large tables dropped for the load")
        for statement in STATEMENTS:
            step = time.monotonic()
            cursor.execute(statement, sizes)
            table = _table_of(statement)
            progress(f"  {cursor.rowcount:>10,} rows: {table} ({time.monotonic() - step:.1f}s)")
            if table in _CONTIGUOUS:
                _check_contiguous(cursor, table)
        step = time.monotonic()
        for number, statement in enumerate(rebuild, 1):
            cursor.execute(statement)
            if number % 10 == 0 or number == len(rebuild):
                progress(
                    f"  {number}/{len(rebuild)} indexes and constraints rebuilt ({time.monotonic() - step:.0f}s)"
                )
    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(f"  analysed ({time.monotonic() - step:.0f}s); {time.monotonic() - started:.0f}s in all")
    _record_seed_time(scale=scale, seconds=time.monotonic() - started)
    return sizes


SEED_TIMES = "bench_seed_time"


def _record_seed_time(*, scale: float, seconds: float) -> None:
    """Kept in the database it describes, for P11 (the harness may run long after the seeding)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SEED_TIMES} (scale float, seconds float, at timestamptz)"
        )
        cursor.execute(f"INSERT INTO {SEED_TIMES} VALUES (%s, %s, now())", [scale, seconds])


def seed_time(*, scale: float) -> float | None:
    """Seconds the last seeding of this database at this scale took, if it was recorded."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [SEED_TIMES])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT seconds FROM {SEED_TIMES} WHERE scale = %s ORDER BY at DESC LIMIT 1", [scale])
        row = cursor.fetchone()
    return row[0] if row else None


def ensure_data(*, scale: float, progress=print) -> None:
    """Load regions and policies, then the scale data, unless already there at this scale."""
    from django.core.management import call_command

    from workers.models import Worker

    call_command("load_regions", verbosity=0)
    call_command("load_policies", verbosity=0)
    wanted = max(int(FULL["workers"] * scale), 1)
    present = Worker.objects.filter(registration_number__startswith="BENCH-").count()
    if present == 0:
        progress(f"seeding scale {scale} ...")
        seed(scale=scale, progress=progress)
    elif present != wanted:
        raise SystemExit(
            f"this database holds scale data for {present} workers, not {wanted}: use a fresh database"
        )
