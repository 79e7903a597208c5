"""Bulk import of documents.csv (exchange-format.md): checklist documents of workers matched by NIK.

Every row is parsed and checked first; good rows are then written a chunk at a time in one
transaction through `document_bulk_upsert`. Re-importing a file writes nothing."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scoping import Scope
from portal import crypto
from portal import exchange as ex
from regions.models import Village
from workers.choices import DocumentType
from workers.models import VerificationState
from workers.selectors import workers_by_nik_index
from workers.services import DocumentRecord, document_bulk_upsert


@dataclass
class _DocumentRow:
    line: int
    nik_index: str
    doc_type: str
    number: str
    values: dict[str, Any]


def _parse_document(line: int, row: dict[str, str], villages: set[str]) -> _DocumentRow:
    """Every column is read even after an error, so that the report lists all of a row's errors."""
    check = ex.RowCheck()
    nik = crypto.normalise(check(ex.text, row, "nik", required=True, max_length=24) or "")
    village = check(ex.text, row, "acknowledged_village_code", max_length=13)
    if village and village not in villages:
        check.add("acknowledged_village_code", _("No village has this Kemendagri code."))
    issued, expiry = check(ex.date, row, "issued_date"), check(ex.date, row, "expiry_date")
    if issued and expiry and expiry < issued:
        check.add("expiry_date", _("The expiry date is before the issue date."))
    verified = check(ex.boolean, row, "verified")
    doc_type = check(ex.choice, row, "doc_type", DocumentType.values, required=True)
    number = crypto.normalise(check(ex.text, row, "number", max_length=60) or "")
    check.done()
    return _DocumentRow(
        line=line,
        nik_index=crypto.blind_index(nik),
        doc_type=doc_type,
        number=number,
        values={
            "issued_date": issued,
            "expiry_date": expiry,
            "acknowledged_village_id": village or None,
            "verification": VerificationState.VERIFIED if verified else VerificationState.PENDING,
        },
    )


def _write_documents(rows: list[_DocumentRow], report: ex.ImportReport, *, scope: Scope | None) -> None:
    with transaction.atomic():
        found = workers_by_nik_index(indexes={r.nik_index for r in rows})
        # People outside the uploader's regions are treated as unknown: nothing is said about them.
        workers = {index: pk for index, pk, village in found if not ex.out_of_scope(scope, village)}
        records = []
        for row in rows:
            worker_id = workers.get(row.nik_index)
            if worker_id is None:
                message = _("No worker with this NIK: import the placement or register the worker first.")
                report.rejected.append(ex.RowError(row.line, "nik", message))
                continue
            records.append(DocumentRecord(worker_id, row.doc_type, row.number, row.values))
        counts = document_bulk_upsert(records=records)
        report.created += counts.created
        report.updated += counts.updated
        report.unchanged += counts.unchanged


def documents_import(
    *,
    handle: IO[str],
    progress: Callable[[int], None] | None = None,
    chunk_size: int = ex.CHUNK,
    scope: Scope | None = None,
    dry_run: bool = False,
) -> ex.ImportReport:
    """`scope`: when given (an officer's upload), people outside it count as unknown.
    `dry_run`: report what would be written, write nothing."""
    report = ex.ImportReport()
    villages = set(Village.objects.values_list("code", flat=True))
    rows, report.unknown_columns = ex.read_rows(handle, ex.DOCUMENT_COLUMNS)
    ex.run_import(
        rows,
        parse=lambda line, raw: _parse_document(line, raw, villages),
        key=lambda row: (row.nik_index, row.doc_type),
        duplicate=("doc_type", _("This person's document of this type already appeared earlier.")),
        write=functools.partial(_write_documents, scope=scope),
        report=report,
        chunk_size=chunk_size,
        progress=progress,
        dry_run=dry_run,
    )
    return report


def documents_template() -> str:
    """documents.csv to start from: header, an example row (a passport of the placements template's
    example worker), and each column's allowed values."""
    hint = ex.template_hints()
    example = {"nik": "1807015208960077", "doc_type": "PASSPORT", "number": "C 1234567",
               "issued_date": "2026-01-05", "expiry_date": "2031-01-04", "verified": "false"}  # fmt: skip
    allowed = {
        "nik": _("16-digit NIK"),
        "doc_type": ex.codes(DocumentType.values),
        "issued_date": hint["date"],
        "expiry_date": hint["date"],
        "verified": hint["boolean"],
        "acknowledged_village_code": _("Kemendagri village code"),
    }
    return ex.template_text(ex.DOCUMENT_COLUMNS, example, allowed)
