"""Example placements built from the rule registry: the agencies and job orders the examples refer to,
the exchange-format row of a placement on the legal route, and one case per declared example of every rule
(`Rule.examples`). The demo data (`placements.demo`), the scenario test and the seed test all use these, so
a new rule shows up in each of them by declaring its example and nothing else."""

import datetime
from collections.abc import Callable

from placements.choices import LicenceEvent, PolicyStatus
from placements.models import Agency, CountryPolicy, JobOrder
from placements.rules import RULES
from placements.rules.base import Example, Rule
from placements.services import agency_licence_record, agency_save, job_order_save, special_channel_designate
from workers.choices import ART13_DOCUMENTS
from workers.nik import build_nik

D = datetime.date
VILLAGE = "18.07.01.2001"  # Sukadana, Lampung Timur
BORN = D(1996, 8, 12)
LEGAL_AGENCY = "KEP.101/PPTKIS/2023"
LEGAL_JOB_ORDER = "SIP2MI/2026/LPG/0001"
SPSK_AGENCY = "KEP.214/P3MI/2024"  # the demo's designated P3MI of the Saudi special channel

AGENCIES: list[tuple[str, str, list[tuple[str, datetime.date, datetime.date | None]]]] = [
    # name, licence number, events: (event, effective, valid_until)
    ("PT Sinar Lampung Sejahtera", LEGAL_AGENCY, [("ISSUED", D(2023, 1, 10), D(2028, 1, 9))]),
    ("PT Duta Sukadana Internasional", SPSK_AGENCY, [("ISSUED", D(2024, 4, 2), D(2029, 4, 1))]),
    ("PT Karya Mandiri Abadi", "KEP.077/PPTKIS/2019", [("ISSUED", D(2019, 3, 1), D(2024, 2, 29))]),
    (
        "PT Bintang Timur Sentosa",
        "KEP.156/P3MI/2022",
        [("ISSUED", D(2022, 6, 1), D(2027, 5, 31)), ("SUSPENDED", D(2026, 9, 1), None)],
    ),
    (
        "PT Jaya Raya Migran",
        "KEP.033/P3MI/2021",
        [("ISSUED", D(2021, 1, 15), D(2026, 1, 14)), ("REVOKED", D(2025, 8, 20), None)],
    ),
]
JOB_ORDERS = [
    # number, agency licence, country, position, employer type, quota, from, until
    (LEGAL_JOB_ORDER, LEGAL_AGENCY, "TW", "ELDERLY_CARER", "LEGAL_ENTITY", 20, D(2026, 1, 1), D(2027, 6, 30)),
    ("SIP2MI/2026/LPG/0002", LEGAL_AGENCY, "HK", "HOUSEKEEPER", "INDIVIDUAL", 3, D(2026, 1, 1), D(2027, 6, 30)),
    ("SIP2MI/2026/LPG/0003", SPSK_AGENCY, "MY", "MANUFACTURING", "LEGAL_ENTITY", 50, D(2026, 1, 1), D(2027, 2, 28)),
    ("SIP2MI/2024/LPG/0031", SPSK_AGENCY, "MY", "MANUFACTURING", "LEGAL_ENTITY", 30, D(2024, 4, 15), D(2025, 6, 30)),
    ("SIP2MI/2024/LPG/0107", "KEP.077/PPTKIS/2019", "SG", "HOSPITALITY", "LEGAL_ENTITY", 10, D(2023, 6, 1), D(2024, 5, 31)),
    ("SIP2MI/2026/LPG/0009", "KEP.156/P3MI/2022", "SG", "CLEANER", "LEGAL_ENTITY", 15, D(2026, 1, 1), D(2027, 1, 31)),
    ("SIP2MI/2026/LPG/0010", LEGAL_AGENCY, "SA", "COOK", "LEGAL_ENTITY", 10, D(2026, 1, 1), D(2027, 6, 30)),
    # The two large orders most of the demo's two years of placements go through.
    ("SIP2MI/2024/LPG/0200", LEGAL_AGENCY, "TW", "ELDERLY_CARER", "LEGAL_ENTITY", 600, D(2024, 1, 1), D(2027, 12, 31)),
    ("SIP2MI/2024/LPG/0201", SPSK_AGENCY, "MY", "MANUFACTURING", "LEGAL_ENTITY", 600, D(2024, 6, 1), D(2027, 12, 31)),
]  # fmt: skip


def registers_load(*, phone: str = "", province: str | None = None) -> dict[str, Agency]:
    """The agencies (with their licence history) and job orders the examples refer to, through the
    services; the Saudi special channel designates one of them. Returns the agencies by licence number."""
    agencies = {}
    for name, licence, events in AGENCIES:
        agency = agency_save(
            agency=Agency(name=name, licence_number=licence, phone=phone, province_id=province)
        )
        for event, effective, until in events:
            agency_licence_record(agency=agency, event=LicenceEvent(event), effective_date=effective,
                                  valid_until=until, basis=f"Keputusan Menteri, {licence}")  # fmt: skip
        agencies[licence] = agency
    for number, licence, country, position, employer, quota, start, end in JOB_ORDERS:
        job_order_save(job_order=JobOrder(number=number, agency=agencies[licence], country_id=country,
                       position_id=position, employer_type=employer, quota=quota, valid_from=start, valid_until=end))  # fmt: skip
    channels = CountryPolicy.objects.filter(
        country_id="SA", status=PolicyStatus.SPECIAL_CHANNEL, designated_only=True
    ).order_by("id")
    for channel in channels:
        special_channel_designate(policy=channel, agencies=[agencies[SPSK_AGENCY]])
    return agencies


def legal_row(external_id: str, nik: str, person: dict, **overrides) -> dict:
    """A placement on the legal route; each example changes what its rule looks at."""
    row = {
        "external_id": external_id,
        "nik": nik,
        **person,
        "scheme": "P2P",
        "agency_licence_number": LEGAL_AGENCY,
        "job_order_number": LEGAL_JOB_ORDER,
        "recruiter_type": "AGENCY",
        "destination_country": "TW",
        "position": "ELDERLY_CARER",
        "employer_type": "LEGAL_ENTITY",
        "visa_type": "WORK",
        "recruited_date": "2026-02-02",
        "departure_date": "2026-05-04",
        "exit_point": "Bandara Soekarno-Hatta",
        "official_exit": "true",
        "contract_months": "24",
        "bpjs_valid_from": "2026-04-20",
        "bpjs_valid_until": "2029-12-31",
        "opp_date": "2026-04-27",
        "fees_charged_idr": "0",
        "phase": "MASA",
    }
    row.update(overrides)
    return row


def person(
    serial: int,
    *,
    sex: str = "F",
    born: D = BORN,
    village: str = VILLAGE,
    declared_birth: D | None = None,
    name: str = "Demo Pekerja",
) -> tuple[str, dict]:
    """A worker's NIK (issued in her village's district) and her person columns."""
    nik = build_nik(district_code=village[:8], sex=sex, birth_date=born, serial=serial)
    return nik, {
        "full_name": f"{name} {serial}",
        "sex": sex,
        "birth_date": (declared_birth or born).isoformat(),
        "village_code": village,
    }


def _external_id(prefix: str, rule: Rule, example: Example, copy: int) -> str:
    parts = [prefix + rule.code, example.name, str(copy) if example.copies > 1 else ""]
    return "-".join(part for part in parts if part)


def case_rows(
    prefix: str, *, first_serial: int = 901, name: str = "Demo Pekerja", rules: dict[str, Rule] | None = None
) -> list[dict]:
    """One exchange-format row per copy of each example of every rule, named `<prefix><code>[-<name>][-<n>]`.
    Besides the columns, each row says which rule it shows (`_rule`) and how its documents differ
    (`_missing_documents`, `_permission_village`); CSV writers ignore those keys."""
    rows = []
    serial = first_serial
    for rule in (rules or RULES).values():
        for example in rule.examples:
            for copy in range(example.copies):
                nik, columns = person(serial, name=name, **example.person)
                changes = {**example.row, **(example.each(copy) if example.each else {})}
                row = legal_row(_external_id(prefix, rule, example, copy), nik, columns, **changes)
                row.update(_rule=rule.code, _missing_documents=example.missing_documents,
                           _permission_village=example.permission_village)  # fmt: skip
                rows.append(row)
                serial += 1
    return rows


def document_rows(rows: list[dict], *, dates: Callable[[dict], tuple[str, str]] | None = None) -> list[dict]:
    """Every art. 13 document, verified, for each row's worker, except what the row's example leaves out.
    `dates(row)` gives (issued, expiry); by default 120 days before and 900 days after departure."""

    def around_departure(row: dict) -> tuple[str, str]:
        departure = D.fromisoformat(row["departure_date"])
        return (
            (departure - datetime.timedelta(days=120)).isoformat(),
            (departure + datetime.timedelta(days=900)).isoformat(),
        )

    documents = []
    for row in rows:
        issued, expiry = (dates or around_departure)(row)
        for doc_type in ART13_DOCUMENTS:
            if doc_type in row.get("_missing_documents", ()):
                continue
            acknowledged = ""
            if doc_type == "FAMILY_PERMISSION":
                acknowledged = row.get("_permission_village") or row["village_code"]
            documents.append({
                "nik": row["nik"], "doc_type": doc_type, "number": f"{doc_type[:3]}{row['nik'][-6:]}",
                "issued_date": issued, "expiry_date": expiry, "verified": "true",
                "acknowledged_village_code": acknowledged,
            })  # fmt: skip
    return documents
