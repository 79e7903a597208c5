import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessAction
from accounts.services import access_log_record
from portal import crypto
from portal.bulk import bulk_insert, insert_one
from portal.errors import ApplicationError
from portal.history import create_with_history, history_bulk_record, history_bulk_record_ids
from portal.identifiers import atomic_with_fresh_code, phone_require
from regions.selectors import district_code_known, historic_district
from workers.consent import NOTICE_VERSION, notice_hash
from workers.models import (
    Channel,
    ConsentEvent,
    ConsentPurpose,
    Document,
    FamilyContact,
    VerificationState,
    Worker,
    WorkerStatus,
    new_registration_number,
)
from workers.nik import nik_district_code, nik_problem
from workers.signals import worker_data_changed

logger = logging.getLogger(__name__)


def identifier_fields(prefix: str, value: str, *, index: str | None = None) -> dict[str, str]:
    """Encrypted value, blind index and last 4 characters: never the value itself. Every write of a
    NIK or a document number (form, API, import) stores it through this. `index`: the value's blind
    index when the caller already computed it (a bulk import, to match rows), saving a second HMAC."""
    value = crypto.normalise(value)
    if not value:
        return {f"{prefix}_encrypted": "", f"{prefix}_index": "", f"{prefix}_last4": ""}
    return {
        f"{prefix}_encrypted": crypto.encrypt(value),
        f"{prefix}_index": index or crypto.blind_index(value),
        f"{prefix}_last4": value[-4:],
    }


@atomic_with_fresh_code(model=Worker, field="registration_number")
def worker_register(
    *,
    nik: str,
    full_name: str,
    sex: str,
    birth_date: datetime.date,
    birth_place: str,
    phone: str,
    village_code: str,
    notice_text: str,
    channel: str = Channel.WEB,
    email: str = "",
    address: str = "",
    education: str = "",
    marital_status: str = "",
    desired_country: str = "",
    desired_position: str = "",
    family: dict[str, str] | None = None,
) -> Worker:
    """Register a CPMI. Input is already validated (form or serializer).

    A NIK that is already registered is accepted the same way and marked as a possible duplicate on
    both records, so the caller's response never reveals that the NIK exists.
    """
    identifiers = identifier_fields("nik", nik)
    identifiers["nik_issue"] = (
        nik_problem(
            nik,
            sex=sex,
            birth_date=birth_date,
            district_exists=district_code_known,
        )
        or ""
    )
    old_district = historic_district(code=nik_district_code(nik))
    _serialise_on(identifiers["nik_index"])
    earlier = Worker.objects.filter(nik_index=identifiers["nik_index"])
    duplicate = earlier.exists()
    if duplicate:
        earlier.update(possible_duplicate=True)
        history_bulk_record_ids(
            model=Worker, ids=earlier.values_list("pk", flat=True), updated=True, reason="possible duplicate"
        )
    fields = {
        **identifiers,
        "nik_old_district": old_district,
        "full_name": full_name.strip(),
        "sex": sex,
        "birth_date": birth_date,
        "birth_place": birth_place.strip(),
        "phone": phone_require(phone, field="phone"),
        "email": email.strip(),
        "domicile_village_id": village_code,
        "address": address.strip(),
        "education": education,
        "marital_status": marital_status,
        "desired_country": desired_country.upper(),
        "desired_position": desired_position,
        "possible_duplicate": duplicate,
        "channel": channel,
    }
    worker = create_with_history(Worker, registration_number=new_registration_number(), **fields)
    if family and family.get("full_name"):
        family = {**family, "phone": phone_require(family.get("phone", ""), field="family_phone")}
        FamilyContact.objects.create(worker=worker, **family)
    insert_one(  # one statement, no save() machinery: every registration writes it
        ConsentEvent(
            worker=worker,
            purpose=ConsentPurpose.REGISTRATION,
            granted=True,
            notice_version=NOTICE_VERSION,
            notice_hash=notice_hash(notice_text),
            channel=channel,
        )
    )
    logger.info("worker registered id=%s channel=%s duplicate=%s", worker.pk, channel, duplicate)
    return worker


def _serialise_on(index: str) -> None:
    """Two registrations of one NIK at the same moment must still see each other (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(index[:15], 16)])


def _locked(worker: Worker) -> Worker:
    return Worker.objects.select_for_update().get(pk=worker.pk)


@transaction.atomic
def worker_verify(*, worker: Worker, officer: User) -> Worker:
    worker = _locked(worker)
    if worker.status == WorkerStatus.VERIFIED:
        raise ApplicationError(_("This registration is already verified."), code="already_verified")
    worker.status = WorkerStatus.VERIFIED
    worker.rejection_reason = ""
    worker.verified_at = timezone.now()
    worker.verified_by = officer
    worker.save(update_fields=["status", "rejection_reason", "verified_at", "verified_by", "updated_at"])
    logger.info("worker verified id=%s by=%s", worker.pk, officer.pk)
    return worker


@transaction.atomic
def worker_reject(*, worker: Worker, officer: User, reason: str) -> Worker:
    reason = reason.strip()
    if not reason:
        message = _("Give the reason for rejecting, so the applicant knows what to fix.")
        raise ApplicationError(message, code="reason_required", fields={"reason": [message]})
    worker = _locked(worker)
    worker.status = WorkerStatus.REJECTED
    worker.rejection_reason = reason
    worker.verified_at = timezone.now()
    worker.verified_by = officer
    worker.save(update_fields=["status", "rejection_reason", "verified_at", "verified_by", "updated_at"])
    logger.info("worker rejected id=%s by=%s", worker.pk, officer.pk)
    return worker


# What an officer may correct by hand; identity (NIK, sex, birth date) changes only by re-registration.
EDITABLE_FIELDS = frozenset(
    {
        "full_name",
        "birth_place",
        "phone",
        "email",
        "address",
        "education",
        "marital_status",
        "desired_country",
        "desired_position",
    }
)


@transaction.atomic
def worker_update(*, worker: Worker, fields: list[str]) -> Worker:
    """Save officer corrections already set on `worker` (by a validated form), only the named fields."""
    changed = [name for name in fields if name in EDITABLE_FIELDS]
    if changed:
        worker.save(update_fields=[*changed, "updated_at"])
        worker_data_changed.send(sender=worker_update, worker_ids=[worker.pk])
    return worker


def worker_reveal_nik(*, worker: Worker, request: HttpRequest) -> str:
    """The full NIK, for an officer who asked for it explicitly; the reveal is written to the access log."""
    access_log_record(
        request=request,
        action=AccessAction.REVEAL,
        subject_type="worker",
        subject_id=worker.pk,
        detail={"field": "nik"},
    )
    return crypto.decrypt(worker.nik_encrypted)


@transaction.atomic
def document_upsert(
    *,
    worker: Worker,
    doc_type: str,
    number: str = "",
    issuer: str = "",
    issued_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    acknowledged_village_code: str | None = None,
    verified_by: User | None = None,
) -> Document:
    """Create or replace the worker's document of this type (one per type)."""
    values: dict[str, Any] = {
        **identifier_fields("number", number),
        "issuer": issuer,
        "issued_date": issued_date,
        "expiry_date": expiry_date,
        "acknowledged_village_id": acknowledged_village_code,
    }
    if verified_by is not None:
        values.update(
            verification=VerificationState.VERIFIED, verified_by=verified_by, verified_at=timezone.now()
        )
    document, _created = Document.objects.update_or_create(worker=worker, doc_type=doc_type, defaults=values)
    worker_data_changed.send(sender=document_upsert, worker_ids=[worker.pk])
    return document


@transaction.atomic
def document_verify(*, document: Document, officer: User, accepted: bool = True, note: str = "") -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.verification = VerificationState.VERIFIED if accepted else VerificationState.REJECTED
    document.verification_note = note.strip()
    document.verified_by = officer
    document.verified_at = timezone.now()
    document.save(
        update_fields=["verification", "verification_note", "verified_by", "verified_at", "updated_at"]
    )
    worker_data_changed.send(sender=document_verify, worker_ids=[document.worker_id])
    return document


@dataclass(frozen=True)
class NewPerson:
    """A worker known only from a bulk file: what the exchange format says about them."""

    nik: str  # normalised
    nik_index: str
    full_name: str
    sex: str
    birth_date: datetime.date
    village_code: str


@transaction.atomic(savepoint=False)  # inside an import's chunk: no savepoint per call
def worker_bulk_create(*, people: list[NewPerson], districts: dict[str, bool]) -> dict[str, int]:
    """Register workers found in an import, in one insert; returns their ids by NIK blind index.

    `districts` holds every district code a NIK may carry (True for a code of an earlier decree), so
    checking the NIKs costs no query per person."""
    workers = []
    for person in people:
        issue = nik_problem(
            person.nik, sex=person.sex, birth_date=person.birth_date, district_exists=districts.__contains__
        )
        workers.append(
            Worker(
                **identifier_fields("nik", person.nik, index=person.nik_index),
                nik_issue=issue or "",
                nik_old_district_id=old
                if districts.get(old := nik_district_code(person.nik) or "")
                else None,
                registration_number=new_registration_number(),
                full_name=person.full_name,
                sex=person.sex,
                birth_date=person.birth_date,
                birth_place="",
                phone="",
                domicile_village_id=person.village_code,
                channel=Channel.IMPORT,
            )
        )
    created = bulk_insert(workers)
    history_bulk_record(model=Worker, objs=created, updated=False)
    return {worker.nik_index: worker.pk for worker in created}


@dataclass(frozen=True)
class DocumentRecord:
    """One document of a bulk file; `values` are the Document fields besides the number."""

    worker_id: int
    doc_type: str
    number: str
    values: dict[str, Any]


@dataclass(frozen=True)
class BulkCounts:
    created: int
    updated: int
    unchanged: int


_COMPARED = ["number_index", "issued_date", "expiry_date", "acknowledged_village_id", "verification"]


@transaction.atomic(savepoint=False)  # inside an import's chunk: no savepoint per call
def document_bulk_upsert(*, records: list[DocumentRecord]) -> BulkCounts:
    """Create or replace each worker's document of each type (one per type) in a few set-based
    queries; a record equal to what is stored writes nothing."""
    existing = {
        (d.worker_id, d.doc_type): d
        for d in Document.objects.filter(worker_id__in={r.worker_id for r in records})
    }
    create, update, unchanged, now = [], [], 0, timezone.now()
    for record in records:
        number_index = crypto.blind_index(record.number) if record.number else ""
        current = existing.get((record.worker_id, record.doc_type))
        if current is None:
            document = Document(worker_id=record.worker_id, doc_type=record.doc_type, **record.values)
            create.append(document)
        elif any(
            getattr(current, f) != v for f, v in {**record.values, "number_index": number_index}.items()
        ):
            document = current
            for name, value in record.values.items():
                setattr(document, name, value)
            document.updated_at = now
            update.append(document)
        else:
            unchanged += 1
            continue
        for name, value in identifier_fields("number", record.number, index=number_index).items():
            setattr(document, name, value)
        verified = record.values["verification"] == VerificationState.VERIFIED
        document.verified_at = now if verified else None
        existing[(record.worker_id, record.doc_type)] = document
    bulk_insert(create)
    Document.objects.bulk_update(
        update, [*_COMPARED, "number_encrypted", "number_last4", "verified_at", "updated_at"]
    )
    history_bulk_record(model=Document, objs=create, updated=False)
    history_bulk_record(model=Document, objs=update, updated=True)
    changed = {d.worker_id for d in create + update}
    if changed:
        worker_data_changed.send(sender=document_bulk_upsert, worker_ids=changed)
    return BulkCounts(created=len(create), updated=len(update), unchanged=unchanged)
