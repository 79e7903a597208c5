"""Bulk import of placements.csv and documents.csv (exchange-format.md).

Every row is parsed and checked first; good rows are then written a chunk at a time in one
transaction, with set-based reads and bulk writes. If a chunk fails in the database, its rows are
retried one by one so that the bad one is reported and the others load: a row is either written
whole (worker, placement, return) or not at all. Re-importing a file writes nothing: rows are keyed
by (source, external_id) and rewritten only when a value changed.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import Scope
from placements import csvformat as cf
from placements.choices import POSITION_ALIASES, EmployerType, RecruiterType, ReturnReason, Scheme, VisaType
from placements.models import Agency, Country, JobOrder, Placement, Position, ReturnRecord
from placements.signals import import_finished
from placements.tasks import refresh_flags_later
from portal import crypto
from regions.models import District, Village
from workers.choices import DocumentType, Phase, Sex
from workers.models import Channel, Document, VerificationState, Worker, new_registration_number
from workers.nik import nik_problem

PLACEMENT_COLUMNS = {
    "external_id", "nik", "full_name", "sex", "birth_date", "village_code", "scheme", "agency_licence_number",
    "job_order_number", "recruiter_type", "recruiter_name", "recruiter_phone", "destination_country", "position",
    "employer_type", "visa_type", "recruited_date", "departure_date", "exit_point", "official_exit",
    "contract_months", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "return_date", "return_reason",
    "bpjs_valid_from",
}  # fmt: skip
DOCUMENT_COLUMNS = {
    "nik", "doc_type", "number", "issued_date", "expiry_date", "verified", "acknowledged_village_code",
}  # fmt: skip
PLACEMENT_FIELDS = [
    "worker_id", "scheme", "agency_licence_number", "agency_id", "job_order_number", "job_order_id",
    "recruiter_type", "recruiter_name", "recruiter_phone", "destination_country_id", "position_id",
    "employer_type", "visa_type", "recruited_date", "departure_date", "exit_point", "official_exit",
    "contract_months", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "bpjs_valid_from",
]  # fmt: skip
CHUNK = 2000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[cf.RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged

    def merge(self, other: "ImportReport") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected


@dataclass
class _Lookups:
    villages: set[str]
    districts: set[str]
    countries: set[str]
    positions: set[str]
    agencies: dict[str, int]
    job_orders: dict[str, int]

    @classmethod
    def load(cls) -> "_Lookups":
        return cls(
            villages=set(Village.objects.values_list("code", flat=True)),
            districts=set(District.objects.values_list("code", flat=True)),
            countries=set(Country.objects.values_list("code", flat=True)),
            positions=set(Position.objects.values_list("code", flat=True)),
            agencies={n.upper(): pk for n, pk in Agency.objects.values_list("licence_number", "id")},
            job_orders={n.upper(): pk for n, pk in JobOrder.objects.values_list("number", "id")},
        )


@dataclass
class _PlacementRow:
    line: int
    external_id: str
    nik: str
    person: dict  # full_name, sex, birth_date, village_code: needed only for a new worker
    values: dict  # placement fields except worker_id
    return_values: dict | None


def _parse_placement(line: int, row: dict, lk: _Lookups) -> _PlacementRow:
    nik = crypto.normalise(cf.text(row, "nik", required=True, max_length=24))
    village = cf.text(row, "village_code", max_length=13)
    if village and village not in lk.villages:
        raise cf.RowInvalid("village_code", _("No village has this Kemendagri code."))
    person = {
        "full_name": cf.text(row, "full_name", max_length=150),
        "sex": cf.choice(row, "sex", Sex.values),
        "birth_date": cf.date(row, "birth_date"),
        "village_code": village,
    }
    country = cf.text(row, "destination_country", max_length=2).upper()
    if country and country not in lk.countries:
        raise cf.RowInvalid("destination_country", _("Unknown ISO 3166-1 alpha-2 country code."))
    position = cf.choice(row, "position", lk.positions | set(POSITION_ALIASES))
    position = POSITION_ALIASES.get(position, position)
    licence = cf.text(row, "agency_licence_number", max_length=60)
    job_order = cf.text(row, "job_order_number", max_length=60)
    values = {
        "scheme": cf.choice(row, "scheme", Scheme.values, required=True),
        "agency_licence_number": licence,
        "agency_id": lk.agencies.get(licence.upper()),
        "job_order_number": job_order,
        "job_order_id": lk.job_orders.get(job_order.upper()),
        "recruiter_type": cf.choice(row, "recruiter_type", RecruiterType.values),
        "recruiter_name": cf.text(row, "recruiter_name", max_length=150),
        "recruiter_phone": cf.text(row, "recruiter_phone", max_length=30),
        "destination_country_id": country or None,
        "position_id": position or None,
        "employer_type": cf.choice(row, "employer_type", EmployerType.values),
        "visa_type": cf.choice(row, "visa_type", VisaType.values),
        "recruited_date": cf.date(row, "recruited_date"),
        "departure_date": cf.date(row, "departure_date"),
        "exit_point": cf.text(row, "exit_point", max_length=100),
        "official_exit": cf.boolean(row, "official_exit"),
        "contract_months": cf.integer(row, "contract_months", maximum=240),
        "bpjs_valid_until": cf.date(row, "bpjs_valid_until"),
        "opp_date": cf.date(row, "opp_date"),
        "fees_charged_idr": cf.integer(row, "fees_charged_idr"),
        "phase": cf.choice(row, "phase", Phase.values) or Phase.PRA,
    }
    if "bpjs_valid_from" in row:  # a later column: a file without it leaves the recorded start alone
        values["bpjs_valid_from"] = cf.date(row, "bpjs_valid_from")
    return_date = cf.date(row, "return_date")
    return_reason = cf.choice(row, "return_reason", ReturnReason.values)
    if bool(return_date) != bool(return_reason):
        column = "return_reason" if return_date else "return_date"
        raise cf.RowInvalid(column, _("Give both the return date and the return reason, or neither."))
    if return_date and values["departure_date"] and return_date < values["departure_date"]:
        raise cf.RowInvalid("return_date", _("The return date is before the departure date."))
    return _PlacementRow(
        line=line,
        external_id=cf.text(row, "external_id", required=True, max_length=100),
        nik=nik,
        person=person,
        values=values,
        return_values={"return_date": return_date, "reason": return_reason} if return_date else None,
    )


def _new_worker(row: _PlacementRow, index: str, districts: set[str]) -> Worker:
    p = row.person
    issue = nik_problem(
        row.nik, sex=p["sex"], birth_date=p["birth_date"], district_exists=districts.__contains__
    )
    return Worker(
        nik_issue=issue or "",
        registration_number=new_registration_number(),
        nik_encrypted=crypto.encrypt(row.nik),
        nik_index=index,
        nik_last4=row.nik[-4:],
        full_name=p["full_name"],
        sex=p["sex"],
        birth_date=p["birth_date"],
        birth_place="",
        phone="",
        domicile_village_id=p["village_code"],
        channel=Channel.IMPORT,
    )


_PERSON_COLUMNS = ("full_name", "sex", "birth_date", "village_code")


def _out_of_scope(scope: Scope | None, village_code: str | None) -> bool:
    return scope is not None and not (village_code and scope.covers(village_code))


def _write_placements(
    rows: list[_PlacementRow], report: ImportReport, *, source: str, lookups: "_Lookups", scope: Scope | None
) -> None:
    """Write one chunk in one transaction; raises DatabaseError to let the caller retry row by row."""
    with transaction.atomic():
        index_of = {row.line: crypto.blind_index(row.nik) for row in rows}
        workers: dict[str, int] = {}
        villages: dict[str, str] = {}
        for index, pk, village in (
            Worker.objects.filter(nik_index__in=set(index_of.values()))
            .order_by("-id")
            .values_list("nik_index", "id", "domicile_village_id")
        ):
            workers[index], villages[index] = (
                pk,
                village,
            )  # the oldest record wins when a NIK is registered twice
        placed_in = dict(
            Placement.objects.filter(
                source=source, external_id__in=[r.external_id for r in rows]
            ).values_list("external_id", "worker__domicile_village_id")
        )
        writable, new_workers = [], {}
        for row in rows:
            index = index_of[row.line]
            village = villages.get(index) or row.person["village_code"]
            moved_away = row.external_id in placed_in and _out_of_scope(scope, placed_in[row.external_id])
            if _out_of_scope(scope, village) or moved_away:
                column = "nik" if index in villages else "village_code"
                message = _("This person lives outside the regions you cover.")
                report.rejected.append(cf.RowError(row.line, column, message))
                continue
            if index not in workers and index not in new_workers:
                missing = next((c for c in _PERSON_COLUMNS if not row.person[c]), None)
                if missing:
                    message = _("Required for a worker not yet registered (matched by NIK).")
                    report.rejected.append(cf.RowError(row.line, missing, message))
                    continue
                new_workers[index] = _new_worker(row, index, lookups.districts)
            writable.append(row)
        for worker in Worker.objects.bulk_create(list(new_workers.values())):
            workers[worker.nik_index] = worker.pk

        existing = {
            p["external_id"]: p
            for p in Placement.objects.filter(
                source=source, external_id__in=[r.external_id for r in writable]
            ).values("id", "external_id", *PLACEMENT_FIELDS)
        }
        create, update, returns = [], [], {}
        now = timezone.now()
        for row in writable:
            values = {**row.values, "worker_id": workers[index_of[row.line]]}
            current = existing.get(row.external_id)
            if current is not None:
                values = {
                    **{name: current[name] for name in PLACEMENT_FIELDS if name not in values},
                    **values,
                }
            if current is None:
                create.append(Placement(source=source, external_id=row.external_id, **values))
            elif any(current[name] != values[name] for name in PLACEMENT_FIELDS):
                update.append(Placement(id=current["id"], updated_at=now, **values))
            else:
                report.unchanged += 1
            if row.return_values:
                returns[row.external_id] = row.return_values
        created = Placement.objects.bulk_create(create)
        Placement.objects.bulk_update(update, [*PLACEMENT_FIELDS, "updated_at"])
        report.created += len(created)
        report.updated += len(update)
        ids = {p.external_id: p.id for p in created} | {e: c["id"] for e, c in existing.items()}
        _write_returns({ids[e]: values for e, values in returns.items()})
        changed = [p.id for p in created] + [p.id for p in update]
        refresh_flags_later(placement_ids=changed + [ids[e] for e in returns])


def _write_returns(by_placement: dict[int, dict]) -> None:
    if not by_placement:
        return
    existing = {r.placement_id: r for r in ReturnRecord.objects.filter(placement_id__in=by_placement)}
    create, update = [], []
    for placement_id, values in by_placement.items():
        record = existing.get(placement_id)
        if record is None:
            create.append(ReturnRecord(placement_id=placement_id, **values))
        elif (record.return_date, record.reason) != (values["return_date"], values["reason"]):
            record.return_date, record.reason = values["return_date"], values["reason"]
            update.append(record)
    ReturnRecord.objects.bulk_create(create)
    ReturnRecord.objects.bulk_update(update, ["return_date", "reason"])


def _flush(rows: list, write: Callable, report: ImportReport) -> None:
    """Write a chunk with `write(rows, partial_report)`; counts reach the report only once committed."""
    try:
        report.merge(_written(write, rows))
    except DatabaseError:
        # Find the row the database refuses; load the others.
        for row in rows:
            try:
                report.merge(_written(write, [row]))
            except DatabaseError as error:
                report.rejected.append(
                    cf.RowError(row.line, "", _("Could not be saved: %(error)s") % {"error": error})
                )


def _written(write: Callable, rows: list) -> ImportReport:
    partial = ImportReport()
    write(rows, partial)
    return partial


def placements_import(
    *,
    handle,
    source: str = "import",
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
    scope: Scope | None = None,
) -> ImportReport:
    """`scope`: when given (an officer's upload), rows about people outside it are rejected."""
    report = ImportReport()
    lookups = _Lookups.load()
    rows, report.unknown_columns = cf.read_rows(handle, PLACEMENT_COLUMNS)
    _run(
        rows,
        parse=lambda line, raw: _parse_placement(line, raw, lookups),
        key=lambda row: row.external_id,
        duplicate=("external_id", _("This external_id already appeared earlier in the file.")),
        write=functools.partial(_write_placements, source=source, lookups=lookups, scope=scope),
        report=report,
        chunk_size=chunk_size,
        progress=progress,
    )
    _announce(report)
    return report


def _announce(report: ImportReport) -> None:
    if report.created or report.updated:
        import_finished.send(sender=ImportReport, created=report.created, updated=report.updated)


def _run(rows, *, parse, key, duplicate: tuple[str, str], write, report, chunk_size, progress) -> None:
    """Parse every row, reject bad and repeated ones, and write the rest a chunk at a time."""
    seen: set = set()
    chunk: list = []
    done = 0
    for line, raw in rows:
        done += 1
        try:
            row = parse(line, raw)
            if key(row) in seen:
                raise cf.RowInvalid(*duplicate)
            seen.add(key(row))
            chunk.append(row)
        except cf.RowInvalid as invalid:
            report.rejected.append(cf.RowError(line, invalid.column, invalid.message))
        if len(chunk) >= chunk_size:
            _flush(chunk, write, report)
            chunk = []
            if progress:
                progress(done)
    if chunk:
        _flush(chunk, write, report)
    if progress:
        progress(done)
    report.rejected.sort(key=lambda e: e.line)


@dataclass
class _DocumentRow:
    line: int
    nik_index: str
    doc_type: str
    number: str
    values: dict


def _parse_document(line: int, row: dict, villages: set[str]) -> _DocumentRow:
    nik = crypto.normalise(cf.text(row, "nik", required=True, max_length=24))
    village = cf.text(row, "acknowledged_village_code", max_length=13)
    if village and village not in villages:
        raise cf.RowInvalid("acknowledged_village_code", _("No village has this Kemendagri code."))
    issued, expiry = cf.date(row, "issued_date"), cf.date(row, "expiry_date")
    if issued and expiry and expiry < issued:
        raise cf.RowInvalid("expiry_date", _("The expiry date is before the issue date."))
    verified = cf.boolean(row, "verified")
    return _DocumentRow(
        line=line,
        nik_index=crypto.blind_index(nik),
        doc_type=cf.choice(row, "doc_type", DocumentType.values, required=True),
        number=crypto.normalise(cf.text(row, "number", max_length=60)),
        values={
            "issued_date": issued,
            "expiry_date": expiry,
            "acknowledged_village_id": village or None,
            "verification": VerificationState.VERIFIED if verified else VerificationState.PENDING,
        },
    )


def _write_documents(rows: list[_DocumentRow], report: ImportReport, *, scope: Scope | None = None) -> None:
    with transaction.atomic():
        found = (
            Worker.objects.filter(nik_index__in={r.nik_index for r in rows})
            .order_by("-id")
            .values_list("nik_index", "id", "domicile_village_id")
        )
        # People outside the uploader's regions are treated as unknown: nothing is said about them.
        workers = {index: pk for index, pk, village in found if not _out_of_scope(scope, village)}
        existing = {
            (d.worker_id, d.doc_type): d for d in Document.objects.filter(worker_id__in=set(workers.values()))
        }
        create, update, now = [], [], timezone.now()
        compared = ["number_index", "issued_date", "expiry_date", "acknowledged_village_id", "verification"]
        for row in rows:
            worker_id = workers.get(row.nik_index)
            if worker_id is None:
                message = _("No worker with this NIK: import the placement or register the worker first.")
                report.rejected.append(cf.RowError(row.line, "nik", message))
                continue
            number_index = crypto.blind_index(row.number) if row.number else ""
            current = existing.get((worker_id, row.doc_type))
            if current is None:
                document = Document(worker_id=worker_id, doc_type=row.doc_type, **row.values)
                create.append(document)
            elif any(
                getattr(current, f) != v for f, v in {**row.values, "number_index": number_index}.items()
            ):
                document = current
                for name, value in row.values.items():
                    setattr(document, name, value)
                document.updated_at = now
                update.append(document)
            else:
                report.unchanged += 1
                continue
            document.number_encrypted = crypto.encrypt(row.number) if row.number else ""
            document.number_index = number_index
            document.number_last4 = row.number[-4:]
            document.verified_at = now if row.values["verification"] == VerificationState.VERIFIED else None
            existing[(worker_id, row.doc_type)] = document
        Document.objects.bulk_create(create)
        Document.objects.bulk_update(
            update, [*compared, "number_encrypted", "number_last4", "verified_at", "updated_at"]
        )
        report.created += len(create)
        report.updated += len(update)
        refresh_flags_later(worker_ids={d.worker_id for d in create + update})


def documents_import(
    *,
    handle,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
    scope: Scope | None = None,
) -> ImportReport:
    report = ImportReport()
    villages = set(Village.objects.values_list("code", flat=True))
    rows, report.unknown_columns = cf.read_rows(handle, DOCUMENT_COLUMNS)
    _run(
        rows,
        parse=lambda line, raw: _parse_document(line, raw, villages),
        key=lambda row: (row.nik_index, row.doc_type),
        duplicate=("doc_type", _("This person's document of this type already appeared earlier.")),
        write=functools.partial(_write_documents, scope=scope),
        report=report,
        chunk_size=chunk_size,
        progress=progress,
    )
    _announce(report)
    return report


def report_lines(report: ImportReport) -> list[str]:
    """The report as the user reads it, in the active language."""
    lines = [
        _(
            "%(loaded)d rows loaded (%(created)d new, %(updated)d changed, %(unchanged)d unchanged), %(rejected)d rejected."
        )
        % {
            "loaded": report.loaded,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
        }
    ]
    if report.unknown_columns:
        lines.append(
            _("Ignored unknown columns: %(columns)s") % {"columns": ", ".join(report.unknown_columns)}
        )
    lines += [
        _("line %(line)d, column %(column)s: %(message)s")
        % {"line": e.line, "column": e.column or "-", "message": e.message}
        for e in report.rejected
    ]
    return lines
