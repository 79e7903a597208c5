"""Demo agencies, licences, job orders and placements, including a case that breaks each rule of
domain.md §3. Placements and documents arrive through the CSV importer, as real data would."""

import csv
import datetime
import io
from collections.abc import Sequence

from placements.choices import LicenceEvent
from placements.imports import placements_import
from placements.models import Agency, JobOrder, Placement
from placements.services import agency_licence_record, agency_save, job_order_save
from portal import crypto
from portal.exchange import DOCUMENT_COLUMNS, PLACEMENT_COLUMNS
from workers.choices import ART13_DOCUMENTS
from workers.imports import documents_import
from workers.models import Worker, WorkerStatus
from workers.nik import build_nik

D = datetime.date
AGENCIES = [
    # name, licence number, events: (event, effective, valid_until)
    ("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [("ISSUED", D(2023, 1, 10), D(2028, 1, 9))]),
    ("PT Duta Sukadana Internasional", "KEP.214/P3MI/2024", [("ISSUED", D(2024, 4, 2), D(2029, 4, 1))]),
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
    ("SIP2MI/2026/LPG/0001", "KEP.101/PPTKIS/2023", "TW", "CAREGIVER", "LEGAL_ENTITY", 20, D(2026, 1, 1), D(2027, 6, 30)),
    ("SIP2MI/2026/LPG/0002", "KEP.101/PPTKIS/2023", "HK", "HOUSEKEEPER", "INDIVIDUAL", 3, D(2026, 1, 1), D(2027, 6, 30)),
    ("SIP2MI/2026/LPG/0003", "KEP.214/P3MI/2024", "MY", "MANUFACTURING", "LEGAL_ENTITY", 50, D(2026, 1, 1), D(2027, 2, 28)),
    ("SIP2MI/2024/LPG/0031", "KEP.214/P3MI/2024", "MY", "MANUFACTURING", "LEGAL_ENTITY", 30, D(2024, 4, 15), D(2025, 6, 30)),
    ("SIP2MI/2024/LPG/0107", "KEP.077/PPTKIS/2019", "SG", "HOSPITALITY", "LEGAL_ENTITY", 10, D(2023, 6, 1), D(2024, 5, 31)),
    ("SIP2MI/2026/LPG/0009", "KEP.156/P3MI/2022", "SG", "CLEANER", "LEGAL_ENTITY", 15, D(2026, 1, 1), D(2027, 1, 31)),
]  # fmt: skip
VILLAGE = "18.07.01.2001"
OTHER_VILLAGE = "18.07.02.2001"


def _nik(district: str, sex: str, born: D, serial: int) -> str:
    return build_nik(district_code=district, sex=sex, birth_date=born, serial=serial)


def procedural_row(external_id: str, nik: str, person: dict, **overrides) -> dict:
    """A placement on the legal route; each non-procedural case changes what its rule looks at."""
    row = {
        "external_id": external_id,
        "nik": nik,
        **person,
        "scheme": "P2P",
        "agency_licence_number": "KEP.101/PPTKIS/2023",
        "job_order_number": "SIP2MI/2026/LPG/0001",
        "recruiter_type": "AGENCY",
        "destination_country": "TW",
        "position": "CAREGIVER",
        "employer_type": "LEGAL_ENTITY",
        "visa_type": "WORK",
        "recruited_date": "2026-02-02",
        "departure_date": "2026-05-04",
        "exit_point": "Bandara Soekarno-Hatta",
        "official_exit": "true",
        "contract_months": "24",
        "bpjs_valid_until": "2029-12-31",
        "opp_date": "2026-04-27",
        "fees_charged_idr": "0",
        "phase": "MASA",
    }
    row.update(overrides)
    return row


DEFAULT_BIRTH = D(1996, 8, 12)


def _person(
    serial: int, sex: str = "F", born: D = DEFAULT_BIRTH, village: str = VILLAGE, name: str = ""
) -> tuple:
    nik = _nik(village[:8], sex, born, serial)
    return nik, {
        "full_name": name or f"Demo Pekerja {serial}",
        "sex": sex,
        "birth_date": born.isoformat(),
        "village_code": village,
    }


def _rows(clean_workers: list[Worker]) -> list[dict]:
    rows = []
    for i, worker in enumerate(clean_workers):
        person = {"full_name": worker.full_name, "sex": worker.sex, "birth_date": worker.birth_date.isoformat(),
                  "village_code": worker.domicile_village_id}  # fmt: skip
        phase = ["PRA", "MASA", "MASA", "PURNA"][i % 4]
        extra = {"phase": phase}
        if i >= 8:  # the first few take places of the Taiwan job order; it keeps spare quota
            extra.update(job_order_number="SIP2MI/2026/LPG/0003", agency_licence_number="KEP.214/P3MI/2024",
                         destination_country="MY", position="MANUFACTURING")  # fmt: skip
        if phase == "PRA":
            extra.update(departure_date="2027-01-18")
        if phase == "PURNA":
            extra.update(return_date="2026-10-30", return_reason="CONTRACT_END", departure_date="2024-09-02",
                         recruited_date="2024-05-02", opp_date="2024-08-26", job_order_number="SIP2MI/2024/LPG/0031",
                         agency_licence_number="KEP.214/P3MI/2024", destination_country="MY", position="MANUFACTURING")  # fmt: skip
        rows.append(procedural_row(f"DEMO-OK-{i:03d}", crypto.decrypt(worker.nik_encrypted), person, **extra))

    def case(code: str, serial: int, person_kw: dict | None = None, **overrides):
        nik, person = _person(serial, **(person_kw or {}))
        rows.append(procedural_row(f"DEMO-{code}", nik, person, **overrides))

    case("NP-AGE", 901, {"born": D(2009, 3, 1)}, departure_date="2026-12-15", phase="PRA")
    nik, person = _person(902)
    rows.append(
        procedural_row("DEMO-NP-NIK", nik, {**person, "birth_date": "1996-08-13"})
    )  # NIK says the 12th
    case("NP-RECRUITER", 903, agency_licence_number="", job_order_number="", recruiter_type="INDIVIDUAL",
         recruiter_name="Pak Darto", recruiter_phone="081377700001")  # fmt: skip
    case("NP-AGENCY-UNLICENSED", 904, agency_licence_number="KEP.999/TIDAK/ADA", job_order_number="")
    case("NP-AGENCY-LICENCE", 905, agency_licence_number="KEP.033/P3MI/2021", job_order_number="")
    case("NP-JOBORDER", 906, job_order_number="SIP2MI/2024/LPG/0107", agency_licence_number="KEP.077/PPTKIS/2019",
         destination_country="SG", position="HOSPITALITY")  # fmt: skip
    case("NP-JOBORDER-MISMATCH", 907, destination_country="JP")
    case("NP-DESTINATION", 908, destination_country="KH", job_order_number="", position="OTHER")
    case("NP-MORATORIUM", 909, destination_country="SA", position="HOUSEKEEPER", employer_type="INDIVIDUAL",
         job_order_number="", departure_date="2026-06-01")  # fmt: skip
    case("NP-VISA", 910, visa_type="TOURIST")
    case("NP-BPJS", 911, bpjs_valid_until="2026-12-31")
    case("NP-OPP", 912, opp_date="")
    case("NP-DOCS", 913)
    case("NP-PERMISSION-VILLAGE", 914)
    case("NP-FEES", 915, job_order_number="SIP2MI/2026/LPG/0002", destination_country="HK", position="HOUSEKEEPER",
         employer_type="INDIVIDUAL", fees_charged_idr="18500000")  # fmt: skip
    case("NP-EXIT", 916, exit_point="Pelabuhan tikus Dumai", official_exit="false")
    case("NP-MANDIRI", 917, scheme="MANDIRI", agency_licence_number="", job_order_number="", recruiter_type="EMPLOYER",
         employer_type="INDIVIDUAL")  # fmt: skip
    case("NP-RETRO", 918, scheme="P2P", agency_licence_number="", job_order_number="", recruiter_type="INDIVIDUAL",
         visa_type="VISIT", phase="PURNA", return_date="2026-08-14", return_reason="DEPORTED")  # fmt: skip
    for n in range(5):  # one recruiter, one village, five workers within a month, no agency
        case(f"NP-CLUSTER-{n}", 920 + n, {"village": OTHER_VILLAGE}, agency_licence_number="", job_order_number="",
             recruiter_type="INDIVIDUAL", recruiter_name="Bu Sari", recruiter_phone="081399900002",
             recruited_date=f"2026-07-{3 + n * 5:02d}", destination_country="MY", position="FARM_WORKER",
             phase="PRA", departure_date="2026-12-20")  # fmt: skip
    return rows


def _documents(rows: list[dict]) -> list[dict]:
    """Complete, verified art. 13 documents for every demo placement except the cases about documents."""
    documents = []
    for row in rows:
        if row["external_id"] == "DEMO-NP-DOCS" or not row["external_id"].startswith("DEMO-"):
            continue
        departure = D.fromisoformat(row["departure_date"])
        for doc_type in ART13_DOCUMENTS:
            acknowledged = ""
            if doc_type == "FAMILY_PERMISSION":
                other = row["external_id"] == "DEMO-NP-PERMISSION-VILLAGE"
                acknowledged = "18.07.05.2001" if other else row["village_code"]
            documents.append({
                "nik": row["nik"], "doc_type": doc_type, "number": f"{doc_type[:3]}{row['nik'][-6:]}",
                "issued_date": (departure - datetime.timedelta(days=120)).isoformat(),
                "expiry_date": (departure + datetime.timedelta(days=900)).isoformat(),
                "verified": "true", "acknowledged_village_code": acknowledged,
            })  # fmt: skip
    return documents


def _csv(columns: Sequence[str], rows: list[dict]) -> io.StringIO:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    buffer.seek(0)
    return buffer


def seed(stdout) -> None:
    if Agency.objects.exists():
        stdout.write("demo agencies and placements: already present, left unchanged")
        return
    agencies = {}
    for name, licence, events in AGENCIES:
        agency = agency_save(
            agency=Agency(name=name, licence_number=licence, phone="0721-555000", province_id="18")
        )
        for event, effective, until in events:
            agency_licence_record(agency=agency, event=LicenceEvent(event), effective_date=effective, valid_until=until,
                                  basis=f"Keputusan Menteri, {licence}")  # fmt: skip
        agencies[licence] = agency
    for number, licence, country, position, employer, quota, start, end in JOB_ORDERS:
        job_order_save(job_order=JobOrder(number=number, agency=agencies[licence], country_id=country,
                       position_id=position, employer_type=employer, quota=quota, valid_from=start, valid_until=end))  # fmt: skip
    clean = list(
        Worker.objects.filter(
            status=WorkerStatus.VERIFIED, domicile_village__code__startswith="18.07."
        ).order_by("id")[:40]
    )
    rows = _rows(clean)
    # With NP-FEES, fill the housekeeping job order exactly to its quota: the public check says "full".
    for n in range(2):
        nik, person = _person(940 + n)
        rows.append(procedural_row(f"DEMO-HK-{n}", nik, person, job_order_number="SIP2MI/2026/LPG/0002",
                                destination_country="HK", position="HOUSEKEEPER", employer_type="LEGAL_ENTITY"))  # fmt: skip
    report = placements_import(handle=_csv(PLACEMENT_COLUMNS, rows), source="demo")
    docs = documents_import(handle=_csv(DOCUMENT_COLUMNS, _documents(rows)))
    stdout.write(
        f"demo placements: {report.created} created, {len(report.rejected)} rejected; "
        f"documents: {docs.created} created, {len(docs.rejected)} rejected; "
        f"{Placement.objects.count()} placements in all"
    )
