"""Demo agencies, licences, job orders and placements, including a case for each example of every rule in
the registry (placements.examples). Placements and documents arrive through the CSV importer, as real data
would."""

import csv
import datetime
import io
import random
from collections.abc import Sequence

from django.utils import timezone

from placements.examples import (
    case_rows,
    document_rows,
    legal_row,
    person,
    registers_load,
)
from placements.imports import placements_import
from placements.models import Agency, Placement
from portal import crypto
from portal.exchange import DOCUMENT_COLUMNS, PLACEMENT_COLUMNS
from workers.choices import ART13_DOCUMENTS
from workers.imports import documents_import
from workers.models import Worker, WorkerStatus


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
                         agency_licence_number="KEP.214/P3MI/2024", destination_country="MY", position="MANUFACTURING",
                         bpjs_valid_from="2024-08-19")  # fmt: skip
        rows.append(legal_row(f"DEMO-OK-{i:03d}", crypto.decrypt(worker.nik_encrypted), person, **extra))
    # A case for each example of every rule in the registry (placements.rules), named DEMO-<code>...
    return rows + case_rows("DEMO-")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


# Traits that take a volume placement off the legal route, each caught by its rule; about one in six.
OFF_ROUTE: list[dict[str, object]] = [
    {"visa_type": "TOURIST"},
    {"opp_date": ""},
    {"official_exit": "false", "exit_point": "Pelabuhan Bakauheni"},
    {"_missing_documents": ART13_DOCUMENTS},
]


def _volume_rows(workers: list[Worker], rng: random.Random) -> list[dict]:
    """Two years of placements for the rest of the verified workers: each leaves two to five months after
    registering (so the seasons carry over), is still abroad, back home after a one-year contract, or yet
    to leave. "DEMO-OK-" rows are on the legal route; "DEMO-VOL-" rows carry one off-route trait."""
    today = timezone.localdate()
    rows = []
    for i, worker in enumerate(workers):
        registered = timezone.localtime(worker.created_at).date()
        departure = registered + datetime.timedelta(days=rng.randint(60, 150))
        recruited = departure - datetime.timedelta(days=75)
        taiwan = recruited < datetime.date(2024, 6, 1) or rng.random() < 0.5
        contract = rng.choice([12, 24, 24])
        row: dict[str, object] = {
            "recruited_date": recruited.isoformat(),
            "departure_date": departure.isoformat(),
            "opp_date": (departure - datetime.timedelta(days=7)).isoformat(),
            "bpjs_valid_from": (departure - datetime.timedelta(days=14)).isoformat(),
            "bpjs_valid_until": _add_months(departure, contract + 12).isoformat(),
            "contract_months": str(contract),
            "phase": "MASA",
        }
        if taiwan:
            row.update(job_order_number="SIP2MI/2024/LPG/0200")
        else:
            row.update(job_order_number="SIP2MI/2024/LPG/0201", agency_licence_number="KEP.214/P3MI/2024",
                       destination_country="MY", position="MANUFACTURING")  # fmt: skip
        back = _add_months(departure, contract)
        if departure > today:
            row["phase"] = "PRA"
        elif back <= today:
            reason = rng.choices(["CONTRACT_END", "DEPORTED", "REPATRIATED_CASE", "OTHER"], [12, 2, 1, 1])[0]
            row.update(phase="PURNA", return_date=back.isoformat(), return_reason=reason)
        prefix = "DEMO-OK"
        if rng.random() < 0.17:
            row.update(rng.choice(OFF_ROUTE))
            prefix = "DEMO-VOL"
        person = {"full_name": worker.full_name, "sex": worker.sex, "birth_date": worker.birth_date.isoformat(),
                  "village_code": worker.domicile_village_id}  # fmt: skip
        rows.append(legal_row(f"{prefix}-{40 + i:03d}", crypto.decrypt(worker.nik_encrypted), person, **row))
    return rows


def _documents(rows: list[dict]) -> list[dict]:
    """Complete, verified art. 13 documents for every demo placement, except what a rule's example leaves out."""
    return document_rows(rows)


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
    registers_load(phone="0721-555000", province="18")
    clean = list(
        Worker.objects.filter(
            status=WorkerStatus.VERIFIED, domicile_village__code__startswith="18.07."
        ).order_by("id")
    )
    rows = _rows(clean[:40])
    rows += _volume_rows(clean[40:], random.Random(2026))  # noqa: S311 - demo data, not security
    # With NP-FEES, fill the housekeeping job order exactly to its quota: the public check says "full".
    for n in range(2):
        nik, columns = person(980 + n)
        rows.append(legal_row(f"DEMO-HK-{n}", nik, columns, job_order_number="SIP2MI/2026/LPG/0002",
                             destination_country="HK", position="HOUSEKEEPER", employer_type="LEGAL_ENTITY"))  # fmt: skip
    report = placements_import(handle=_csv(PLACEMENT_COLUMNS, rows), source="demo")
    docs = documents_import(handle=_csv(DOCUMENT_COLUMNS, _documents(rows)))
    stdout.write(
        f"demo placements: {report.created} created, {len(report.rejected)} rejected; "
        f"documents: {docs.created} created, {len(docs.rejected)} rejected; "
        f"{Placement.objects.count()} placements in all"
    )
