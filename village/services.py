"""Writes of the village desk: keyword-only, one transaction each, scoped to the officer's villages."""

import datetime

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import StaffProfile
from accounts.roles import Role
from accounts.scoping import ensure_targets_visible, person_scope, user_roles
from complaints.files import stored_content, validate_upload
from placements.models import Country
from placements.services import refresh_flags_later
from portal.errors import ApplicationError
from portal.identifiers import phone_require
from portal.sanitize import safe_filename
from regions.codes import is_valid_code, level_of
from regions.models import Village
from village.access import villages_of
from village.models import Acknowledgement, EarlyWarning, WarningKind, WarningStatus
from workers.choices import DocumentType
from workers.models import Channel, Document, Worker
from workers.signals import worker_data_changed


def _own_village(*, user: User, worker: Worker) -> str:
    """The worker's village, when it is one the officer serves; otherwise the write is refused."""
    if worker.domicile_village_id not in villages_of(user):
        message = _("This resident does not live in your village.")
        raise ApplicationError(message, code="out_of_scope", status=403)
    return worker.domicile_village_id


@transaction.atomic
def acknowledgement_record(
    *,
    worker: Worker,
    user: User,
    domicile_verified: bool,
    acknowledged_on: datetime.date,
    signatory_name: str,
    scan: "UploadedFile[bytes] | None" = None,
) -> Acknowledgement:
    """Record that the village verified the resident's domicile and that its head acknowledged the family
    permission letter; the worker's family-permission document then names this village as the one that
    acknowledged it (created if the officers have not recorded the letter yet), and the worker's flags are
    re-evaluated once the transaction commits."""
    village = _own_village(user=user, worker=worker)
    signatory_name = " ".join(signatory_name.split())
    errors: dict[str, list[str]] = {}
    if not domicile_verified:
        errors["domicile_verified"] = [_("Confirm that the resident lives in your village.")]
    if not signatory_name:
        errors["signatory_name"] = [_("Give the name of the person who signed.")]
    if acknowledged_on > timezone.localdate():
        errors["acknowledged_on"] = [_("The date cannot be in the future.")]
    content_type = ""
    if scan is not None:
        try:
            content_type = validate_upload(scan)
        except ValidationError as error:
            errors["scan"] = list(error.messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, fields=errors)
    record = Acknowledgement(
        worker=worker,
        village_id=village,
        domicile_verified=True,
        acknowledged_on=acknowledged_on,
        signatory_name=signatory_name[:150],
        scan_content_type=content_type,
        recorded_by=user,
    )
    ensure_targets_visible(user=user, instance=record)
    if scan is not None:
        record.scan.save(safe_filename(scan.name or ""), stored_content(scan, content_type), save=False)
    record.save()
    document, _created = Document.objects.select_for_update().get_or_create(
        worker=worker, doc_type=DocumentType.FAMILY_PERMISSION
    )
    document.acknowledged_village_id = village
    document.save(update_fields=["acknowledged_village", "updated_at"])
    worker_data_changed.send(sender=acknowledgement_record, worker_ids=[worker.pk])
    return record


@transaction.atomic
def early_warning_file(
    *,
    user: User,
    kind: str,
    event_date: datetime.date,
    village_code: str = "",
    worker: Worker | None = None,
    person_name: str = "",
    recruiter_name: str = "",
    recruiter_phone: str = "",
    destination_country_code: str = "",
    offered: str = "",
    channel: str = Channel.WEB,
) -> EarlyWarning:
    """File an early warning (laporan dini) from one of the officer's villages. It lands in the BP3MI
    officers' queue as received; a recruiter phone it names counts toward NP-CLUSTER at once."""
    villages = villages_of(user)
    if worker is not None:
        village_code = _own_village(user=user, worker=worker)
    elif not village_code and len(villages) == 1:
        village_code = villages[0]
    errors: dict[str, list[str]] = {}
    if village_code not in villages:
        errors["village_code"] = [_("Choose one of your villages.")]
    if kind not in WarningKind.values:
        errors["kind"] = [_("Choose what happened.")]
    person_name = " ".join(person_name.split())[:150]
    recruiter_name = " ".join(recruiter_name.split())[:150]
    offered = offered.strip()[:2000]
    if kind == WarningKind.RECRUITER and not (recruiter_name or recruiter_phone.strip()):
        errors["recruiter_name"] = [_("Give the recruiter's name or phone number.")]
    if kind in {WarningKind.LEAVING, WarningKind.LEFT} and worker is None and not person_name:
        errors["person_name"] = [_("Give the person's name, or choose the resident.")]
    if event_date > timezone.localdate() + datetime.timedelta(days=366):
        errors["event_date"] = [_("The date is too far ahead.")]
    if destination_country_code and not Country.objects.filter(code=destination_country_code).exists():
        errors["destination_country"] = [_("Choose a country from the list.")]
    try:
        recruiter_phone = phone_require(recruiter_phone, field="recruiter_phone")
    except ApplicationError as error:
        errors.update(error.fields)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, fields=errors)
    warning = EarlyWarning(
        village_id=village_code,
        kind=kind,
        worker=worker,
        person_name="" if worker is not None else person_name,
        recruiter_name=recruiter_name,
        recruiter_phone=recruiter_phone,
        destination_country_id=destination_country_code or None,
        event_date=event_date,
        offered=offered,
        channel=channel,
        reported_by=user,
    )
    ensure_targets_visible(user=user, instance=warning)
    warning.save()
    if recruiter_phone:  # early warnings naming a recruiter count towards NP-CLUSTER
        refresh_flags_later(recruiter_phones=[recruiter_phone])
    return warning


@transaction.atomic
def early_warning_review(
    *, warning: EarlyWarning, officer: User, status: str, note: str = ""
) -> EarlyWarning:
    """A BP3MI officer moves an early warning along its queue (being followed up, closed) with a note."""
    if status not in WarningStatus.values:
        raise ApplicationError(_("Choose a status."), fields={"status": [_("Choose a status.")]})
    ensure_targets_visible(user=officer, instance=warning)
    warning.status = status
    warning.officer_note = note.strip()
    warning.save(update_fields=["status", "officer_note", "updated_at"])
    return warning


def _villages_in_scope(*, creator: User, village_codes: list[str]) -> list[str]:
    """The village codes, cleaned, when each is a village on record inside the creator's scope."""
    codes = sorted({code.strip() for code in village_codes if code.strip()})
    scope = person_scope(creator)
    roles = user_roles(creator)
    if scope is None or not roles & {Role.ADMIN, Role.SUPERVISOR}:
        raise ApplicationError(
            _("Only a BP3MI administrator or supervisor creates village officers."),
            code="forbidden",
            status=403,
        )
    problems = []
    if not codes:
        problems.append(_("Give at least one village code, for example 18.07.01.2001."))
    for code in codes:
        if not is_valid_code(code) or level_of(code) != 4:
            problems.append(
                _("%(code)s is not a village code (four parts, e.g. 18.07.01.2001).") % {"code": code}
            )
        elif not scope.covers(code):
            problems.append(_("Village %(code)s is outside your office's regions.") % {"code": code})
    known = set(Village.objects.filter(code__in=codes).values_list("code", flat=True))
    problems += [
        _("There is no village %(code)s.") % {"code": code}
        for code in codes
        if is_valid_code(code) and level_of(code) == 4 and code not in known
    ]
    if problems:
        raise ApplicationError(str(problems[0]), fields={"villages": [str(p) for p in problems]})
    return codes


@transaction.atomic
def village_officer_create(
    *,
    creator: User,
    username: str,
    password: str,
    village_codes: list[str],
    full_name: str = "",
    email: str = "",
) -> User:
    """A new VILLAGE_OFFICER for villages inside the creator's scope. The officer enrols an authenticator at
    the first sign-in (every password sign-in needs the second factor)."""
    villages = _villages_in_scope(creator=creator, village_codes=village_codes)
    username = username.strip()
    if not username or User.objects.filter(username__iexact=username).exists():
        message = _("This username is taken or empty: choose another.")
        raise ApplicationError(message, fields={"username": [message]})
    user = User(username=username, first_name=full_name.strip()[:150], email=email.strip(), is_staff=False)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=Role.VILLAGE_OFFICER)])
    StaffProfile.objects.create(user=user, region_codes=villages)
    return user


@transaction.atomic
def village_officer_update(
    *, editor: User, officer: User, village_codes: list[str], full_name: str, email: str, is_active: bool
) -> User:
    """Change a village officer's villages, name, e-mail or active state (deactivate, never delete: the
    access log keeps who read what)."""
    current = list(
        StaffProfile.objects.filter(user=officer).values_list("region_codes", flat=True).first() or []
    )
    _villages_in_scope(creator=editor, village_codes=current or ["-"])  # the officer must be the editor's
    villages = _villages_in_scope(creator=editor, village_codes=village_codes)
    officer.first_name = full_name.strip()[:150]
    officer.email = email.strip()
    officer.is_active = is_active
    officer.save(update_fields=["first_name", "email", "is_active"])
    StaffProfile.objects.update_or_create(
        user=officer, defaults={"region_codes": villages, "office": None, "all_regions": False}
    )
    return officer
