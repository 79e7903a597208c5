"""A person's data-rights requests: receiving them (public form and API) and the officer's decisions,
each recorded with its outcome, which the person reads when tracking the request."""

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Office
from accounts.selectors import office_for_region
from complaints.selectors import complaint_by_ticket_and_code
from datarights.choices import (
    ANSWER_WITHIN,
    KINDS_BY_COMPLAINT,
    IdentifiedBy,
    Outcome,
    RequestKind,
    RequestStatus,
)
from datarights.models import DataRequest, new_access_code, new_request_number
from datarights.package import data_package_build
from portal import crypto
from portal.errors import ApplicationError
from portal.identifiers import create_with_public_code, phone_require
from privacy.processing import processing_continuing_after_withdrawal, processing_for_consent
from privacy.services import person_erase
from workers.consent import NOTICE_VERSION, notice_hash, registration_notice
from workers.models import ConsentEvent, ConsentPurpose, Worker, WorkerStatus
from workers.services import EDITABLE_FIELDS, worker_reject, worker_update


def data_request_problems(
    *,
    kind: str,
    identified_by: str,
    nik: str,
    birth_date: datetime.date | None,
    access_code: str,
    purpose: str,
    what_is_wrong: str,
    what_is_right: str,
) -> dict[str, list[str]]:
    """What the request lacks, by field (forms show them all at once; `data_request_file` enforces them).
    Nothing here depends on whether the identity matches: that is never told."""
    problems: dict[str, list[str]] = {}
    if identified_by == IdentifiedBy.REGISTRATION:
        if not nik.strip():
            problems["nik"] = [_("Give your NIK (16 digits).")]
        if birth_date is None:
            problems["birth_date"] = [_("Give your birth date.")]
    elif kind not in KINDS_BY_COMPLAINT:
        problems["kind"] = [_("With a complaint ticket you can ask to see your data or object to its use.")]
    if identified_by == IdentifiedBy.COMPLAINT and not access_code.strip():
        problems["access_code"] = [_("Give the access code of your complaint.")]
    if kind == RequestKind.CORRECTION:
        if not what_is_wrong.strip():
            problems["what_is_wrong"] = [_("Say which data is wrong.")]
        if not what_is_right.strip():
            problems["what_is_right"] = [_("Say what the right data is.")]
    if kind == RequestKind.WITHDRAWAL and purpose not in dict(withdrawable_purposes()):
        problems["purpose"] = [_("Choose the consent you withdraw.")]
    return problems


def withdrawable_purposes() -> list[tuple[str, str]]:
    """The purposes a person gave consent for (each is asked for, and recorded, as a ConsentEvent)."""
    return [(value, str(label)) for value, label in ConsentPurpose.choices]


def _matched_worker(*, reference: str, nik: str, birth_date: datetime.date | None) -> Worker | None:
    # The blind index is computed whatever is typed, so a miss costs what a match does.
    index = crypto.blind_index(crypto.normalise(nik)) if nik.strip() else ""
    if not index or birth_date is None:
        return None
    return Worker.objects.filter(
        registration_number=reference, nik_index=index, birth_date=birth_date
    ).first()


def _intake_office(village_code: str | None) -> Office | None:
    if village_code:
        return office_for_region(code=village_code)
    return Office.objects.filter(code=settings.COMPLAINT_INTAKE_OFFICE).first()


@transaction.atomic
def data_request_file(
    *,
    kind: str,
    identified_by: str,
    reference: str,
    channel: str,
    nik: str = "",
    birth_date: datetime.date | None = None,
    access_code: str = "",
    purpose: str = "",
    what_is_wrong: str = "",
    what_is_right: str = "",
    details: str = "",
    contact_phone: str = "",
) -> tuple[DataRequest, str]:
    """Record a person's request and return it with its access code (stored only hashed).

    The request is recorded whether or not the identity matches a record, and the answer is the same:
    `identity_matched` tells the officer. Raises ApplicationError (`invalid`, with fields) for what the
    request itself lacks (see `data_request_problems`)."""
    problems = data_request_problems(
        kind=kind, identified_by=identified_by, nik=nik, birth_date=birth_date, access_code=access_code,
        purpose=purpose, what_is_wrong=what_is_wrong, what_is_right=what_is_right,
    )  # fmt: skip
    if problems:
        message = _("Some fields are not valid. Please correct them and try again.")
        raise ApplicationError(message, code="invalid", fields=problems)
    reference = reference.strip().upper()
    worker, complaint = None, None
    if identified_by == IdentifiedBy.REGISTRATION:
        worker = _matched_worker(reference=reference, nik=nik, birth_date=birth_date)
        village_code = worker.domicile_village_id if worker else None
    else:
        complaint = complaint_by_ticket_and_code(ticket=reference, access_code=access_code)
        village_code = complaint.village_id if complaint else None
    code = new_access_code()
    now = timezone.now()
    fields = {
        "access_code_hash": make_password(code),
        "kind": kind,
        "identified_by": identified_by,
        "identity_matched": worker is not None or complaint is not None,
        "claimed_reference": reference[:20],
        "worker": worker,
        "complaint": complaint,
        "village_id": village_code,
        "office": complaint.office if complaint and not village_code else _intake_office(village_code),
        "purpose": purpose if kind == RequestKind.WITHDRAWAL else "",
        "what_is_wrong": what_is_wrong.strip() if kind == RequestKind.CORRECTION else "",
        "what_is_right": what_is_right.strip() if kind == RequestKind.CORRECTION else "",
        "details": details.strip(),
        "contact_phone": phone_require(contact_phone, field="contact_phone"),
        "channel": channel,
        "received_at": now,
        "due_at": now + ANSWER_WITHIN,
    }
    data_request = create_with_public_code(
        lambda number: DataRequest.objects.create(number=number, **fields),
        new_request_number,
        model=DataRequest,
        field="number",
    )
    return data_request, code


_F = TypeVar("_F", bound=Callable[..., DataRequest])


def _in_public_language(service: _F) -> _F:
    """What the person reads is written in the portal's language (Indonesian), whatever the officer's."""

    @functools.wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> DataRequest:
        with translation.override(settings.LANGUAGE_CODE):
            return service(*args, **kwargs)

    return cast(_F, wrapper)


def _open(data_request: DataRequest) -> DataRequest:
    """The request, locked; refused once decided (every decision is final and recorded)."""
    locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if locked.status != RequestStatus.RECEIVED:
        raise ApplicationError(_("This request has already been decided."), code="decided", status=409)
    return locked


def _needs(data_request: DataRequest, kind: str) -> None:
    if data_request.kind != kind:
        raise ApplicationError(_("This action does not answer this kind of request."), code="wrong_kind")
    if not data_request.identity_matched:
        message = _("The identity given does not match a record: refuse the request with a reason.")
        raise ApplicationError(message, code="unmatched")


def _decide(data_request: DataRequest, *, officer: User, status: str, outcome: str, text: str) -> DataRequest:
    data_request.status = status
    data_request.outcome = outcome
    data_request.outcome_text = text
    data_request.decided_by = officer
    data_request.decided_at = timezone.now()
    data_request.save(
        update_fields=["status", "outcome", "outcome_text", "decided_by", "decided_at", "package"]
    )
    return data_request


@_in_public_language
@transaction.atomic
def data_request_fulfil_access(*, data_request: DataRequest, officer: User) -> DataRequest:
    """Build the person's data package (see datarights.package) and make it available once through tracking.

    The caller has read the worker or complaint through the logged getter (the read is on record)."""
    data_request = _open(data_request)
    _needs(data_request, RequestKind.ACCESS)
    data_request.package = data_package_build(worker=data_request.worker, complaint=data_request.complaint)
    text = _("Your data package is ready. Open it below; you can download it once.")
    return _decide(data_request, officer=officer, status=RequestStatus.COMPLETED, outcome=Outcome.ACCESS_GIVEN,
                   text=text)  # fmt: skip


@_in_public_language
@transaction.atomic
def data_request_correct(
    *, data_request: DataRequest, officer: User, field: str, value: str, note: str = ""
) -> DataRequest:
    """Apply a correction to the worker through the worker service; the change history keeps before and
    after, with the request number as the reason."""
    data_request = _open(data_request)
    _needs(data_request, RequestKind.CORRECTION)
    if field not in EDITABLE_FIELDS:
        message = _("This field cannot be corrected here.")
        raise ApplicationError(message, code="invalid", fields={"field": [message]})
    worker = Worker.objects.select_for_update().get(pk=data_request.worker_id or 0)  # matched: set
    value = value.strip()
    if field == "phone":
        value = phone_require(value, field="value")
    setattr(worker, field, value)
    try:
        worker.clean_fields(exclude=[f.name for f in Worker._meta.fields if f.name != field])
    except Exception as error:  # a ValidationError: the officer's value does not fit the field
        message = _("This value does not fit the field: %(error)s") % {"error": "; ".join(_messages(error))}
        raise ApplicationError(message, code="invalid", fields={"value": [message]}) from None
    # The change history names the officer and the request, whether called from the admin or elsewhere.
    worker._change_reason = f"data request {data_request.number}"  # type: ignore[attr-defined]
    worker._history_user = officer  # type: ignore[attr-defined]
    worker_update(worker=worker, fields=[field])
    label = str(Worker._meta.get_field(field).verbose_name)  # type: ignore[union-attr]
    text = _("Corrected: %(field)s.") % {"field": label}
    if note.strip():
        text = f"{text} {note.strip()}"
    return _decide(data_request, officer=officer, status=RequestStatus.COMPLETED, outcome=Outcome.CORRECTED,
                   text=text)  # fmt: skip


def _messages(error: Exception) -> list[str]:
    return [str(m) for m in getattr(error, "messages", [str(error)])]


@_in_public_language
@transaction.atomic
def data_request_withdraw(*, data_request: DataRequest, officer: User, worker: Worker) -> DataRequest:
    """Record the withdrawal as a `granted=False` consent event and stop what rests on that consent.

    What stops, concretely: the processing the record of processing (privacy.processing) bases on this
    consent. For registration that means a registration still waiting for verification is closed
    (rejected with the withdrawal as its reason, through the worker service), so no officer processes it
    further; a verified record is not erased by a withdrawal (that is an erasure request). The person is
    told what stopped and which processing continues because the law requires it, with its basis."""
    data_request = _open(data_request)
    _needs(data_request, RequestKind.WITHDRAWAL)
    if worker.pk != data_request.worker_id:
        raise ApplicationError(_("This action does not answer this kind of request."), code="wrong_worker")
    now = timezone.now()
    ConsentEvent.objects.create(
        worker=worker, purpose=data_request.purpose, granted=False, notice_version=NOTICE_VERSION,
        notice_hash=notice_hash(registration_notice()), channel=data_request.channel,
    )  # fmt: skip
    lines = [_("Your consent was withdrawn on %(date)s.") % {"date": f"{timezone.localtime(now):%d-%m-%Y}"}]
    stopped = [str(entry.purpose) for entry in processing_for_consent(data_request.purpose)]
    if stopped:
        lines.append(_("Stopped: %(what)s.") % {"what": "; ".join(stopped)})
    if data_request.purpose == ConsentPurpose.REGISTRATION and worker.status == WorkerStatus.SUBMITTED:
        reason = _("Consent withdrawn by the person (request %(number)s).") % {"number": data_request.number}
        worker_reject(worker=worker, officer=officer, reason=reason)
        lines.append(_("Your registration, which was still waiting for verification, is closed."))
    continuing = processing_continuing_after_withdrawal(data_request.purpose)
    if continuing:
        lines.append(_("Continuing because the law requires it:"))
        lines += [f"- {entry.purpose} ({entry.basis.label})" for entry in continuing]
    return _decide(data_request, officer=officer, status=RequestStatus.COMPLETED,
                   outcome=Outcome.CONSENT_WITHDRAWN, text="\n".join(str(line) for line in lines))  # fmt: skip


@_in_public_language
@transaction.atomic
def data_request_erase(*, data_request: DataRequest, officer: User, worker: Worker) -> DataRequest:
    """Erase through the privacy service (anonymisation). A legal hold or a legal obligation that stands
    is the recorded outcome: the request is refused with it, and the person reads it."""
    data_request = _open(data_request)
    _needs(data_request, RequestKind.ERASURE)
    if worker.pk != data_request.worker_id:
        raise ApplicationError(_("This action does not answer this kind of request."), code="wrong_worker")
    outcome = person_erase(worker=worker, actor=officer, reason=f"data request {data_request.number}")
    if not outcome.erased:
        return _decide(data_request, officer=officer, status=RequestStatus.REFUSED,
                       outcome=Outcome.ERASURE_REFUSED, text=outcome.refusal)  # fmt: skip
    # The person's own requests go the same way: what they wrote, their phone and any package not taken.
    DataRequest.objects.filter(worker=worker).update(
        what_is_wrong="", what_is_right="", details="", contact_phone="", package=None
    )
    text = _(
        "Your data was anonymised: your name, NIK, contact details and free text are gone. Figures "
        "without names (region, sex, birth year) stay in the statistics."
    )
    return _decide(data_request, officer=officer, status=RequestStatus.COMPLETED, outcome=Outcome.ERASED,
                   text=text)  # fmt: skip


@_in_public_language
@transaction.atomic
def data_request_object(*, data_request: DataRequest, officer: User, answer: str) -> DataRequest:
    """Uphold an objection: the officer says what stops, and the person reads it."""
    data_request = _open(data_request)
    _needs(data_request, RequestKind.OBJECTION)
    if not answer.strip():
        message = _("Say what stops, for the person.")
        raise ApplicationError(message, code="reason_required", fields={"answer": [message]})
    return _decide(data_request, officer=officer, status=RequestStatus.COMPLETED,
                   outcome=Outcome.OBJECTION_UPHELD, text=answer.strip())  # fmt: skip


@_in_public_language
@transaction.atomic
def data_request_refuse(*, data_request: DataRequest, officer: User, reason: str) -> DataRequest:
    """Refuse with a reason the person reads (for example: the identity given matches no record)."""
    data_request = _open(data_request)
    if not reason.strip():
        message = _("Give the reason for refusing; the person reads it.")
        raise ApplicationError(message, code="reason_required", fields={"reason": [message]})
    return _decide(data_request, officer=officer, status=RequestStatus.REFUSED, outcome=Outcome.REFUSED,
                   text=reason.strip())  # fmt: skip


def data_request_package_take(*, data_request: DataRequest) -> dict[str, Any] | None:
    """The package, once: the first call empties it and returns it; every later call returns None.
    One conditional UPDATE, so two downloads at once cannot both get it."""
    with transaction.atomic():
        locked = (
            DataRequest.objects.select_for_update()
            .filter(pk=data_request.pk, package__isnull=False, package_downloaded_at__isnull=True)
            .first()
        )
        if locked is None:
            return None
        package = locked.package
        locked.package = None
        locked.package_downloaded_at = timezone.now()
        locked.save(update_fields=["package", "package_downloaded_at"])
    return package
