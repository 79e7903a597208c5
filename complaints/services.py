import datetime
import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Office
from accounts.roles import Role
from accounts.scoping import ensure_targets_visible
from accounts.selectors import office_for_region
from complaints.choices import (
    DUE_DAYS,
    OPEN_STATUSES,
    TRANSITIONS,
    EventKind,
    Priority,
    ReferralStatus,
    ReferralTarget,
    Status,
    priority_for,
)
from complaints.files import stored_content, validate_upload
from complaints.models import Attachment, Complaint, ComplaintEvent, Referral, new_access_code, new_ticket
from complaints.permissions import is_reopening, may_reopen, may_set_priority
from placements.models import Agency, Placement
from placements.services import refresh_flags_later
from portal.errors import ApplicationError
from portal.history import history_bulk_record
from portal.identifiers import create_with_public_code, phone_require, register_number_normalise
from portal.sanitize import safe_filename
from workers.models import Worker

logger = logging.getLogger(__name__)


def _due(priority: str, since: datetime.datetime) -> datetime.datetime:
    return since + datetime.timedelta(days=DUE_DAYS[Priority(priority)])


def _receiving_office(village_code: str | None) -> Office | None:
    if village_code:
        return office_for_region(code=village_code)
    return Office.objects.filter(code=settings.COMPLAINT_INTAKE_OFFICE).first()


def reporter_problems(
    *, anonymous: bool, reporter_phone: str, reporter_relation: str
) -> dict[str, list[str]]:
    """Who may stay unknown: an anonymous reporter gives nothing; anyone else says who they are and
    how to reach them. Forms call it to show every error at once; `complaint_file` enforces it."""
    if anonymous:
        return {}
    problems = {}
    if not reporter_phone.strip():
        problems["reporter_phone"] = [_("Give a phone number we can reach you on, or report anonymously.")]
    if not reporter_relation:
        problems["reporter_relation"] = [_("Tell us who you are, or report anonymously.")]
    return problems


@transaction.atomic
def complaint_file(
    *,
    category: str,
    phase: str,
    description: str,
    anonymous: bool,
    reporter_relation: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    village_code: str | None = None,
    destination_country: str | None = None,
    agency_licence_number: str = "",
    recruiter_phone: str = "",
    uploads: Iterable["UploadedFile[bytes]"] = (),
) -> tuple[Complaint, str]:
    """Receive a complaint from the public. Returns it with its access code, which is stored only hashed.

    Raises ApplicationError (code `invalid`, with fields) when a named reporter leaves out who they are
    or how to reach them; an anonymous complaint keeps no name or phone even if one was given."""
    problems = reporter_problems(
        anonymous=anonymous, reporter_phone=reporter_phone, reporter_relation=reporter_relation
    )
    if problems:
        message = _("Some fields are not valid. Please correct them and try again.")
        raise ApplicationError(message, code="invalid", fields=problems)
    access_code = new_access_code()
    priority = priority_for(category)
    now = timezone.now()
    agency = (
        Agency.objects.filter(licence_number__iexact=register_number_normalise(agency_licence_number)).first()
        if agency_licence_number
        else None
    )
    fields = {
        "access_code_hash": make_password(access_code),
        "category": category,
        "phase": phase,
        "priority": priority,
        "description": description.strip(),
        "anonymous": anonymous,
        "reporter_relation": reporter_relation,
        "reporter_name": "" if anonymous else reporter_name.strip(),
        "reporter_phone": "" if anonymous else phone_require(reporter_phone, field="reporter_phone"),
        "village_id": village_code or None,
        "office": _receiving_office(village_code),
        "destination_country_id": destination_country or None,
        "agency": agency,
        "agency_licence_number": agency_licence_number.strip(),
        "recruiter_phone": phone_require(recruiter_phone, field="recruiter_phone"),
        "due_at": _due(priority, now),
    }
    complaint = create_with_public_code(
        lambda ticket: Complaint.objects.create(ticket=ticket, **fields),
        new_ticket,
        model=Complaint,
        field="ticket",
        message=_("Could not register the complaint. Please try again."),
    )
    ComplaintEvent.objects.create(
        complaint=complaint, kind=EventKind.CREATED, public=True, status_to=Status.RECEIVED,
        text=_("Your complaint has been received."),
    )  # fmt: skip
    for upload in uploads:
        complaint_attach(complaint=complaint, upload=upload)
    if complaint.recruiter_phone:  # complaints naming a recruiter count towards NP-CLUSTER
        refresh_flags_later(recruiter_phones=[complaint.recruiter_phone])
    logger.info("complaint received id=%s category=%s priority=%s", complaint.pk, category, priority)
    return complaint, access_code


def complaint_attach(
    *, complaint: Complaint, upload: "UploadedFile[bytes]", actor: User | None = None
) -> Attachment:
    content_type = validate_upload(upload)
    content = stored_content(upload, content_type)
    attachment = Attachment(
        complaint=complaint, original_name=safe_filename(upload.name or "")[:200], content_type=content_type,
        size=content.size, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(attachment.original_name, content, save=False)
    attachment.save()
    ComplaintEvent.objects.create(complaint=complaint, kind=EventKind.ATTACHMENT, actor=actor, public=False,
                                  text=attachment.original_name)  # fmt: skip
    return attachment


def _claim(complaint: Complaint, expected_version: int) -> Complaint:
    """Take the complaint for one write, or tell the officer someone else just changed it."""
    bumped = Complaint.objects.filter(pk=complaint.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise ApplicationError(
            _("Someone else changed this complaint a moment ago. Reload the page to see the change; "
              "nothing you entered was saved."),
            code="conflict",
            status=409,
        )  # fmt: skip
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _event(
    complaint: Complaint,
    actor: User | None,
    kind: str,
    *,
    public: bool = False,
    text: str = "",
    status_from: str = "",
    status_to: str = "",
) -> None:
    ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=kind, public=public, text=text.strip(),
                                  status_from=status_from, status_to=status_to)  # fmt: skip


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor: User,
    expected_version: int,
    public_note: str = "",
    internal_note: str = "",
    reason: str = "",
    outcome: str = "",
    wages_recovered_idr: int | None = None,
) -> Complaint:
    complaint = _claim(complaint, expected_version)
    current = complaint.status
    reopening = is_reopening(current, to)
    if reopening and not may_reopen(actor):
        raise ApplicationError(
            _("Only a supervisor can reopen a closed or rejected complaint."), code="forbidden"
        )
    if not reopening and to not in TRANSITIONS[current]:
        raise ApplicationError(
            _("A complaint that is %(current)s cannot become %(target)s.")
            % {"current": Status(current).label.lower(), "target": Status(to).label.lower()},
            code="invalid_transition",
        )
    if to == Status.REJECTED and not reason.strip():
        message = _("Give the reason for rejecting this complaint.")
        raise ApplicationError(message, code="reason_required", fields={"reason": [message]})
    if to == Status.RESOLVED and not outcome:
        message = _("Record the outcome before resolving.")
        raise ApplicationError(message, code="outcome_required", fields={"outcome": [message]})
    complaint.status = to
    if to == Status.REJECTED:
        complaint.rejection_reason = reason.strip()
    if to == Status.RESOLVED:
        complaint.outcome, complaint.wages_recovered_idr = outcome, wages_recovered_idr
    complaint.closed_at = timezone.now() if to in (Status.CLOSED, Status.REJECTED) else None
    if reopening:  # a reopened case gets a new deadline, and is reported again if it misses it
        complaint.due_at, complaint.overdue_since = _due(complaint.priority, timezone.now()), None
    complaint.save(
        update_fields=[
            "status",
            "rejection_reason",
            "outcome",
            "wages_recovered_idr",
            "closed_at",
            "due_at",
            "overdue_since",
            "updated_at",
        ]
    )
    public_text = public_note or (reason if to == Status.REJECTED else "")
    _event(
        complaint, actor, EventKind.STATUS, public=True, text=public_text, status_from=current, status_to=to
    )
    if internal_note.strip():
        _event(complaint, actor, EventKind.NOTE, text=internal_note)
    return complaint


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, assignee: User, actor: User, expected_version: int
) -> Complaint:
    complaint = _claim(complaint, expected_version)
    complaint.assignee = assignee
    complaint.save(update_fields=["assignee", "updated_at"])
    _event(complaint, actor, EventKind.ASSIGNED, text=assignee.get_username())
    return complaint


@transaction.atomic
def complaint_note(*, complaint: Complaint, actor: User, text: str, public: bool) -> ComplaintEvent:
    if not text.strip():
        message = _("Write the note first.")
        raise ApplicationError(message, code="invalid", fields={"text": [message]})
    event = ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=EventKind.NOTE, public=public,
                                          text=text.strip())  # fmt: skip
    return event


@transaction.atomic
def complaint_refer(
    *,
    complaint: Complaint,
    actor: User,
    expected_version: int,
    target: str,
    target_name: str = "",
    note: str = "",
) -> Referral:
    if target not in ReferralTarget.values:
        message = _("Choose where the case is referred to.")
        raise ApplicationError(message, code="invalid", fields={"target": [message]})
    complaint = complaint_transition(
        complaint=complaint, to=Status.REFERRED, actor=actor, expected_version=expected_version,
        public_note=_("Your case has been referred to: %(target)s.") % {"target": ReferralTarget(target).label},
    )  # fmt: skip
    referral = Referral.objects.create(complaint=complaint, target=target, target_name=target_name, note=note,
                                       created_by=actor)  # fmt: skip
    _event(complaint, actor, EventKind.REFERRAL, text=f"{ReferralTarget(target).label} {target_name}".strip())
    return referral


@transaction.atomic
def referral_update(
    *, referral: Referral, actor: User, expected_version: int, status: str, note: str = ""
) -> Referral:
    """Record what became of a referral. The complaint's version moves and its timeline says so, like any
    other change to the case."""
    if status not in ReferralStatus.values:
        message = _("Choose the state of the referral.")
        raise ApplicationError(message, code="invalid", fields={"status": [message]})
    complaint = _claim(referral.complaint, expected_version)
    referral = Referral.objects.select_for_update().get(pk=referral.pk, complaint=complaint)
    referral.status, referral.note = status, note.strip()
    referral.save(update_fields=["status", "note", "updated_at"])
    complaint.save(update_fields=["updated_at"])
    label = f"{ReferralTarget(referral.target).label} {referral.target_name}".strip()
    _event(complaint, actor, EventKind.REFERRAL,
           text=f"{label}: {ReferralStatus(status).label}. {referral.note}".strip())  # fmt: skip
    return referral


@transaction.atomic
def complaint_set_priority(
    *, complaint: Complaint, actor: User, priority: str, expected_version: int
) -> Complaint:
    if not may_set_priority(actor):
        raise ApplicationError(_("Only a supervisor can change the priority."), code="forbidden")
    complaint = _claim(complaint, expected_version)
    complaint.priority, complaint.priority_set_by = priority, actor
    complaint.due_at = _due(priority, complaint.created_at)
    if complaint.due_at > timezone.now():
        complaint.overdue_since = None  # a later deadline: it may become overdue (and be reported) again
    complaint.save(update_fields=["priority", "priority_set_by", "due_at", "overdue_since", "updated_at"])
    _event(complaint, actor, EventKind.PRIORITY, text=str(Priority(priority).label))
    return complaint


def complaints_mark_overdue(*, now: datetime.datetime | None = None) -> list[int]:
    """Mark open complaints past their due time, once each, and e-mail the assignee and the supervisors."""
    now = now or timezone.now()
    marked = []
    candidates = Complaint.objects.filter(
        status__in=OPEN_STATUSES, due_at__lt=now, overdue_since__isnull=True
    )
    for complaint_id in candidates.order_by("due_at", "id").values_list("id", flat=True):
        with transaction.atomic():
            updated = Complaint.objects.filter(pk=complaint_id, overdue_since__isnull=True).update(
                overdue_since=now
            )
            if not updated:
                continue  # another run got it first
            complaint = Complaint.objects.select_related("assignee", "office").get(pk=complaint_id)
            history_bulk_record(model=Complaint, objs=[complaint], updated=True, reason="overdue")
            _event(complaint, None, EventKind.OVERDUE)
            transaction.on_commit(functools.partial(_mail_overdue, complaint))
        marked.append(complaint_id)
    return marked


def _mail_overdue(complaint: Complaint) -> None:
    supervisors = User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
    supervisors = (
        supervisors.filter(profile__office=complaint.office) if complaint.office else supervisors.none()
    )
    recipients = {u.email for u in supervisors.exclude(email="")}
    if complaint.assignee and complaint.assignee.email:
        recipients.add(complaint.assignee.email)
    if not recipients:
        logger.warning("overdue complaint id=%s has nobody to notify", complaint.pk)
        return
    body = render_to_string("emails/complaint_overdue.txt", {"complaint": complaint})
    send_mail(
        _("Overdue complaint %(ticket)s") % {"ticket": complaint.ticket}, body, None, sorted(recipients)
    )


@transaction.atomic
def complaint_link(
    *, complaint: Complaint, actor: User, placement: Placement | None = None, worker: Worker | None = None
) -> Complaint:
    """Tie a complaint to the placement (and so the worker) it is about; the rules read that link
    (NP-RETRO), so the placement is evaluated again. Raises `out_of_scope` for a person the actor may not see."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.placement = placement
    complaint.worker = worker or (placement.worker if placement else None)
    if actor is not None:
        ensure_targets_visible(user=actor, instance=complaint)
    complaint.save(update_fields=["placement", "worker", "updated_at"])
    _event(complaint, actor, EventKind.NOTE, text=_("Linked to a placement on record.") if placement else "")
    if complaint.worker_id:
        refresh_flags_later(worker_ids=[complaint.worker_id])
    return complaint
