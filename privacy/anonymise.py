"""Anonymisation of persons and complaints, set-based: a handful of statements per batch of ids, whatever
the batch holds; never a per-row save.

What goes and what stays is decided here once (docs/retention.md):
- a worker keeps region (village), sex, birth YEAR (the date becomes 1 July of that year), education,
  marital status, desired country and position, status, phase, channel and dates, so every aggregate
  and DPRD figure is unchanged; name, NIK (ciphertext, blind index, last digits, the earlier-decree
  district), birth place, phone, e-mail, address and the rejection text go; family contacts are deleted;
  document numbers, issuers, notes and scans go; placements lose the recruiter's name and free text.
- a complaint keeps its category, status, phase, village, office, agency, outcome and dates; the
  reporter's name and phone, the description, the rejection text, timeline and referral texts go,
  attachments are deleted. The recruiter's phone stays: it is evidence about a recruiter that the
  recruiter rules count, not data about the reporter.
- the change history of each record is scrubbed of the same values, then one history row per record
  records the anonymisation with its reason; one access-log row per record names who did it and why.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Case, CharField, F, Func, Value, When
from django.db.models.functions import Cast, Concat

from accounts.models import AccessAction, AccessLog
from complaints.models import Attachment, Complaint, ComplaintEvent, Referral
from placements.models import FeeItem, Placement, ReturnRecord
from portal.history import history_bulk_record_ids
from privacy.models import AnonymisedRecord
from workers.models import Document, FamilyContact, RegistrationAlias, Worker

ANONYMISED = "ANONIM"  # stands in required text: a name, a description, a rejection reason
RETENTION = "retention"
ERASURE = "erasure"


class MidYear(Func):
    """1 July of the date's year: the birth year stays, the day and month go."""

    output_field = models.DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="make_date(EXTRACT(YEAR FROM %(expressions)s)::int, 7, 1)"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="date(strftime('%%Y', %(expressions)s) || '-07-01')"
        )


def _marker(prefix: str) -> Concat:
    """A unique, never-matching stand-in for a blind index: `ANON-<id>`."""
    return Concat(Value(prefix), Cast("id", output_field=CharField()))


def _if_set(field: str) -> Case:
    """Keep an empty text empty (check constraints tie some texts to a status); replace any other."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(ANONYMISED))


@dataclass(frozen=True)
class Actor:
    """Who anonymises: an officer (erasure) or nobody (the nightly retention run)."""

    user_id: int | None
    username: str


SYSTEM = Actor(None, "system:retention")


def _history_scrub(model: type[models.Model], ids: Sequence[int], values: dict) -> None:
    history = getattr(model, "history").model  # noqa: B009 - added by HistoricalRecords
    history.objects.filter(id__in=ids).update(**values)


def _log(*, actor: Actor, subject_type: str, ids: Sequence[int], reason: str) -> None:
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=actor.user_id,
            username=actor.username,
            action=AccessAction.ANONYMISE,
            subject_type=subject_type,
            subject_id=str(pk),
            purpose=f"privacy:{reason}",
        )
        for pk in ids
    )


def _delete_files_after_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


WORKER_VALUES = {
    "full_name": Value(ANONYMISED),
    "birth_date": MidYear("birth_date"),
    "birth_place": Value(""),
    "phone": Value(""),
    "email": Value(""),
    "address": Value(""),
    "nik_last4": Value(""),
    "nik_old_district": None,
    "rejection_reason": _if_set("rejection_reason"),
}
DOCUMENT_VALUES = {
    "number_last4": Value(""),
    "issuer": Value(""),
    "verification_note": Value(""),
    "file": Value(""),
}
PLACEMENT_VALUES = {"recruiter_name": Value("")}
COMPLAINT_VALUES = {
    "reporter_name": Value(""),
    "reporter_phone": Value(""),
    "description": Value(ANONYMISED),
    "rejection_reason": _if_set("rejection_reason"),
}


def workers_anonymise(*, ids: Sequence[int], reason: str, actor: Actor = SYSTEM) -> None:
    """Anonymise these workers and everything that names them except their complaints (see below)."""
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        Worker.objects.filter(pk__in=ids).update(
            **WORKER_VALUES, nik_encrypted=Value(""), nik_index=_marker("ANON-")
        )
        RegistrationAlias.objects.filter(worker_id__in=ids).update(birth_date=MidYear("birth_date"))
        FamilyContact.objects.filter(worker_id__in=ids).delete()
        documents = Document.objects.filter(worker_id__in=ids)
        files = [name for name in documents.exclude(file="").values_list("file", flat=True) if name]
        document_ids = list(documents.values_list("pk", flat=True))
        documents.update(**DOCUMENT_VALUES, number_encrypted=Value(""), number_index=Value(""))
        placements = Placement.objects.filter(worker_id__in=ids)
        placement_ids = list(placements.values_list("pk", flat=True))
        placements.update(**PLACEMENT_VALUES)
        FeeItem.objects.filter(placement_id__in=placement_ids).update(note="")
        ReturnRecord.objects.filter(placement_id__in=placement_ids).update(reintegration_services="")
        _history_scrub(Worker, ids, WORKER_VALUES)
        _history_scrub(Document, document_ids, DOCUMENT_VALUES)
        _history_scrub(Placement, placement_ids, PLACEMENT_VALUES)
        history_bulk_record_ids(model=Worker, ids=ids, updated=True, reason=reason)
        history_bulk_record_ids(model=Document, ids=document_ids, updated=True, reason=reason)
        history_bulk_record_ids(model=Placement, ids=placement_ids, updated=True, reason=reason)
        AnonymisedRecord.objects.bulk_create(
            AnonymisedRecord(
                kind=AnonymisedRecord.Kind.WORKER, object_id=pk, reason=reason, by_id=actor.user_id
            )
            for pk in ids
        )
        _log(actor=actor, subject_type="worker", ids=ids, reason=reason)
        _delete_files_after_commit(files)


def complaints_anonymise(*, ids: Sequence[int], reason: str, actor: Actor = SYSTEM) -> None:
    """Anonymise these complaints: the reporter's identity and every free text go."""
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        Complaint.objects.filter(pk__in=ids).update(**COMPLAINT_VALUES, version=F("version") + 1)
        ComplaintEvent.objects.filter(complaint_id__in=ids).update(text="")
        Referral.objects.filter(complaint_id__in=ids).update(note="")
        attachments = Attachment.objects.filter(complaint_id__in=ids)
        files = [name for name in attachments.values_list("file", flat=True) if name]
        attachments.delete()
        _history_scrub(Complaint, ids, COMPLAINT_VALUES)
        history_bulk_record_ids(model=Complaint, ids=ids, updated=True, reason=reason)
        AnonymisedRecord.objects.bulk_create(
            AnonymisedRecord(
                kind=AnonymisedRecord.Kind.COMPLAINT, object_id=pk, reason=reason, by_id=actor.user_id
            )
            for pk in ids
        )
        _log(actor=actor, subject_type="complaint", ids=ids, reason=reason)
        _delete_files_after_commit(files)
