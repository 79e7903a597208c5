"""Placement files for the import tests: good rows, the kinds of bad row and where they fall, and running
the command the way an officer does."""

import csv
import datetime
import io
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from portal.exchange import PLACEMENT_COLUMNS
from tests.placements.builders import D, make_nik

# A file of the contract's first columns (bpjs_valid_from came later and is optional), in an order of its
# own: the importer must not care about order.
COLUMNS = sorted(set(PLACEMENT_COLUMNS) - {"bpjs_valid_from"}, reverse=True)
VILLAGES = ["18.07.01.2001", "18.07.01.2002", "18.07.02.2001", "18.07.03.2001", "18.07.05.2002"]
AGENCY, JOB_ORDER = "KEP.101/PPTKIS/2023", "SIP2MI/2026/LPG/0001"

# Each kind of bad row: (what it changes in a good row, the column the report must name).
BAD_ROWS = {
    "bad date": ({"departure_date": "2026-02-30"}, "departure_date"),
    "unknown scheme": ({"scheme": "P2X"}, "scheme"),
    "unknown country": ({"destination_country": "XX"}, "destination_country"),
    "unknown village": ({"village_code": "18.07.01.9999"}, "village_code"),
    "no external_id": ({"external_id": ""}, "external_id"),
    "no nik": ({"nik": ""}, "nik"),
    "contract months in words": ({"contract_months": "dua puluh empat"}, "contract_months"),
    "return date without reason": ({"return_date": "2026-10-30", "return_reason": ""}, "return_reason"),
    "external_id seen earlier": ({}, "external_id"),  # copies the previous row's external_id
    "new worker without a name": ({"full_name": ""}, "full_name"),
}
BAD_EVERY, FIRST_BAD = 199, 37  # 50 bad rows spread over the first 10,000, across several write chunks


def external_id(n: int) -> str:
    return f"LTIM-{n:06d}"


def good_row(n: int) -> dict:
    """Row `n` (0-based): a new worker with a valid NIK in one of a few Lampung Timur villages."""
    village = VILLAGES[n % len(VILLAGES)]
    sex = "M" if n % 3 == 0 else "F"
    # (birth date, serial) differ for every n, so every NIK does.
    born = D(1980, 1, 1) + datetime.timedelta(days=(n // 9000) * 400 + n % 300)
    row = {
        "external_id": external_id(n),
        "nik": make_nik(village[:8], sex, born, n % 9000 + 1),
        "full_name": f"Pekerja Lampung {n}",
        "sex": sex,
        "birth_date": born.isoformat(),
        "village_code": village,
        "scheme": "P2P",
        "agency_licence_number": AGENCY,
        "job_order_number": JOB_ORDER,
        "recruiter_type": "AGENCY",
        "destination_country": "TW",
        "position": "CAREGIVER",
        "employer_type": "LEGAL_ENTITY",
        "visa_type": "WORK",
        "recruited_date": "2026-02-02",
        "departure_date": (D(2026, 5, 4) + datetime.timedelta(days=n % 60)).isoformat(),
        "exit_point": "Bandara Soekarno-Hatta",
        "official_exit": "true",
        "contract_months": "24",
        "bpjs_valid_until": "2028-06-30",
        "opp_date": "2026-04-27",
        "fees_charged_idr": "0",
        "phase": "MASA",
        "return_date": "",
        "return_reason": "",
    }
    if n % 25 == 0:
        row.update(
            scheme="G2G",
            agency_licence_number="",
            job_order_number="",
            recruiter_type="GOVERNMENT",
            destination_country="KR",
            position="MANUFACTURING",
        )
    if n % 10 in (6, 7):
        row.update(phase="PRA", departure_date="2027-01-18")
    elif n % 10 in (8, 9):
        row.update(
            phase="PURNA", departure_date="2024-09-02", return_date="2026-10-30", return_reason="CONTRACT_END"
        )
    return row


def bad_kind(n: int, bad_rows: int) -> str | None:
    index, rest = divmod(n - FIRST_BAD, BAD_EVERY)
    if rest or not 0 <= index < bad_rows:
        return None
    return list(BAD_ROWS)[index % len(BAD_ROWS)]


def write_placements_csv(path: Path, rows: int, *, bad_rows: int = 50) -> tuple[dict[int, str], int]:
    """Write `rows` data rows; returns {line: column} of the bad ones (header = line 1) and how many good
    rows record a return."""
    expected, returns = {}, 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(rows):
            row, kind = good_row(n), bad_kind(n, bad_rows)
            if kind is None:
                returns += bool(row["return_date"])
            else:
                changes, column = BAD_ROWS[kind]
                row.update(changes)
                if kind == "external_id seen earlier":
                    row["external_id"] = external_id(n - 1)
                expected[n + 2] = column
            writer.writerow(row)
    return expected, returns


def run_import(path, *options, kind: str = "import_placements") -> str:
    out, progress = io.StringIO(), io.StringIO()
    with translation.override("id"):  # the command activates its report language; keep it inside
        call_command(kind, str(path), *options, stdout=out, stderr=progress)
    return out.getvalue()


def read_report(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path
