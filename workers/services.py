import dataclasses
import datetime
import logging

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessAction
from accounts.services import access_log_record
from portal import crypto
from portal.errors import ApplicationError
from regions.models import District
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
from workers.nik import nik_problem
from workers.signals import worker_data_changed

logger = logging.getLogger(__name__)


def _identifier_fields(prefix: str, value: str) -> dict[str, str]:
    """Encrypted value, blind index and last 4 characters: never the value itself."""
    value = crypto.normalise(value)
    return {
        f"{prefix}_encrypted": crypto.encrypt(value),
        f"{prefix}_index": crypto.blind_index(value),
        f"{prefix}_last4": value[-4:],
    }


@transaction.atomic
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
    family: dict | None = None,
) -> Worker:
    """Register a CPMI. Input is already validated (form or serializer).

    A NIK that is already registered is accepted the same way and marked as a possible duplicate on
    both records, so the caller's response never reveals that the NIK exists.
    """
    identifiers = _identifier_fields("nik", nik)
    identifiers["nik_issue"] = (
        nik_problem(
            nik,
            sex=sex,
            birth_date=birth_date,
            district_exists=lambda code: District.objects.filter(code=code).exists(),
        )
        or ""
    )
    _serialise_on(identifiers["nik_index"])
    earlier = Worker.objects.filter(nik_index=identifiers["nik_index"])
    duplicate = earlier.exists()
    if duplicate:
        earlier.update(possible_duplicate=True)
    fields = {
        **identifiers,
        "full_name": full_name.strip(),
        "sex": sex,
        "birth_date": birth_date,
        "birth_place": birth_place.strip(),
        "phone": phone.strip(),
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
    worker = _create_with_unique_number(fields)
    if family and family.get("full_name"):
        FamilyContact.objects.create(worker=worker, **family)
    ConsentEvent.objects.create(
        worker=worker,
        purpose=ConsentPurpose.REGISTRATION,
        granted=True,
        notice_version=NOTICE_VERSION,
        notice_hash=notice_hash(notice_text),
        channel=channel,
    )
    logger.info("worker registered id=%s channel=%s duplicate=%s", worker.pk, channel, duplicate)
    return worker


def _serialise_on(index: str) -> None:
    """Two registrations of one NIK at the same moment must still see each other (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(index[:15], 16)])


def _create_with_unique_number(fields: dict) -> Worker:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Worker.objects.create(registration_number=new_registration_number(), **fields)
        except IntegrityError:
            continue  # a collision of random numbers: draw again
    raise ApplicationError("could not allocate a registration number", code="unavailable", status=503)


def _locked(worker: Worker) -> Worker:
    return Worker.objects.select_for_update().get(pk=worker.pk)


@transaction.atomic
def worker_verify(*, worker: Worker, officer) -> Worker:
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
def worker_reject(*, worker: Worker, officer, reason: str) -> Worker:
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


def worker_reveal_nik(*, worker: Worker, request) -> str:
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
    verified_by=None,
) -> Document:
    """Create or replace the worker's document of this type (one per type)."""
    values = {
        **(
            _identifier_fields("number", number)
            if number
            else {"number_encrypted": "", "number_index": "", "number_last4": ""}
        ),
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
def document_verify(*, document: Document, officer, accepted: bool = True, note: str = "") -> Document:
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


# Every column that holds an encrypted identifier (NIK; passport and other document numbers). Their
# blind indexes depend on BLIND_INDEX_KEY only, so a change of encryption key leaves them as they are.
ENCRYPTED_COLUMNS: tuple[tuple[type[models.Model], str], ...] = (
    (Worker, "nik_encrypted"),
    (Document, "number_encrypted"),
)


@dataclasses.dataclass
class RotationBatch:
    last_id: int | None  # None: nothing left after `after_id`
    rotated: int = 0
    current: int = 0
    failed_ids: list[int] = dataclasses.field(default_factory=list)


@transaction.atomic
def encrypted_column_rotate_batch(
    *, model: type[models.Model], column: str, after_id: int, batch_size: int
) -> RotationBatch:
    """Re-encrypt the next `batch_size` values after `after_id` (by id) under the newest key.

    One batch, one transaction: an interrupted run keeps every finished batch, and a new run skips
    values already under the newest key, so the command can simply be started again."""
    rows = list(
        model._default_manager.select_for_update()
        .filter(pk__gt=after_id)
        .exclude(**{column: ""})
        .order_by("pk")
        .only("pk", column)[:batch_size]
    )
    if not rows:
        return RotationBatch(last_id=None)
    batch = RotationBatch(last_id=rows[-1].pk)
    changed = []
    for row in rows:
        token = getattr(row, column)
        if crypto.is_current(token):
            batch.current += 1
            continue
        try:
            setattr(row, column, crypto.rotate(token))
        except ValueError:
            batch.failed_ids.append(row.pk)
            continue
        changed.append(row)
    # bulk_update writes the one column: no save(), so no signal re-evaluates an unchanged placement.
    model._default_manager.bulk_update(changed, [column])
    batch.rotated = len(changed)
    return batch
