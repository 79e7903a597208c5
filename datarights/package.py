"""The data package a person receives for an access request (UU 27/2022): their record, documents (a
list, never the files), placements, complaints filed under their name, consent history and the processing
trail: who read or changed their record, when and why, officers named by role and office, not by name.

Identifiers stay masked (the last 4 digits): the person proved them already, and a downloaded file lies
around on a phone. Everything is plain JSON values, stored on the request until the person downloads it."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Field, Model, Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.admin_history import MASKED_HISTORY_FIELDS
from accounts.models import AccessAction, AccessLog
from accounts.roles import Role
from complaints.models import Complaint
from placements.models import Placement
from workers.models import Document, Worker

# The role a person reads, most senior first, when a user holds several.
_ROLE_ORDER = [Role.ADMIN, Role.SUPERVISOR, Role.OFFICER, Role.DPRD_VIEWER, Role.API_CLIENT]
_WORKER_FIELDS = [
    "registration_number", "full_name", "sex", "birth_date", "birth_place", "phone", "email", "address",
    "education", "marital_status", "desired_country", "desired_position", "status", "rejection_reason",
    "phase", "created_at",
]  # fmt: skip
_HISTORY_KIND = {"+": "created", "~": "changed", "-": "deleted"}


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - only concrete fields are named here
    return field


def _value(obj: Model, name: str) -> Any:
    field = _field(type(obj), name)
    value = getattr(obj, field.attname)
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _label(model: type[Model], name: str) -> str:
    return str(_field(model, name).verbose_name)


def _record(worker: Worker) -> dict[str, Any]:
    record = {_label(Worker, name): _value(worker, name) for name in _WORKER_FIELDS}
    record["NIK"] = worker.nik_masked
    record[_label(Worker, "domicile_village")] = worker.domicile_village_id
    return record


def _documents(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            _label(Document, "doc_type"): _value(d, "doc_type"),
            "number": d.number_masked,
            _label(Document, "issuer"): d.issuer,
            _label(Document, "issued_date"): _value(d, "issued_date"),
            _label(Document, "expiry_date"): _value(d, "expiry_date"),
            _label(Document, "verification"): _value(d, "verification"),
        }
        for d in worker.documents.order_by("doc_type", "id")
    ]


def _placements(worker: Worker) -> list[dict[str, Any]]:
    placements = worker.placements.select_related("agency", "destination_country").order_by("id")
    return [
        {
            "agency": str(p.agency) if p.agency_id else "",
            _label(Placement, "destination_country"): str(p.destination_country)
            if p.destination_country_id
            else "",
            _label(Placement, "scheme"): _value(p, "scheme"),
            _label(Placement, "departure_date"): _value(p, "departure_date"),
            _label(Placement, "arrival_date"): _value(p, "arrival_date"),
        }
        for p in placements
    ]


def _complaints(complaints: Iterable[Complaint]) -> list[dict[str, Any]]:
    return [
        {
            _label(Complaint, "ticket"): c.ticket,
            _label(Complaint, "category"): _value(c, "category"),
            _label(Complaint, "status"): _value(c, "status"),
            _label(Complaint, "description"): c.description,
            _label(Complaint, "reporter_name"): c.reporter_name,
            _label(Complaint, "reporter_phone"): c.reporter_phone,
            _label(Complaint, "created_at"): _value(c, "created_at"),
        }
        for c in complaints
    ]


def _consents(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "at": c.at.isoformat(),
            "purpose": str(c.get_purpose_display()),
            "granted": c.granted,
            "notice_version": c.notice_version,
            "channel": str(c.get_channel_display()),
        }
        for c in worker.consent_events.order_by("at", "id")
    ]


def _officers(user_ids: set[int]) -> dict[int, str]:
    """Each user as the person may know them: role and office ("Officer, BP3MI Lampung"), never a name."""
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .select_related("profile__office")
        .prefetch_related("groups")
    )
    named = {}
    for user in users:
        groups = {g.name for g in user.groups.all()} | ({Role.ADMIN} if user.is_superuser else set())
        role = next((Role(r).label for r in _ROLE_ORDER if r in groups), None)
        profile = getattr(user, "profile", None)
        office = profile.office.name if profile is not None and profile.office_id else ""
        named[user.pk] = ", ".join(str(part) for part in (role or "staff", office) if part)
    return named


def _changes(history: Iterable[Any], model: type[Model]) -> list[dict[str, Any]]:
    """Each saved version: what changed from the one before (values of masked identifiers never shown)."""
    rows = []
    previous: dict[Any, Any] = {}
    for version in history:
        before = previous.get(version.id)
        fields = []
        if before is not None:
            for change in version.diff_against(before).changes:
                masked = change.field in MASKED_HISTORY_FIELDS
                fields.append({
                    "field": _label(model, change.field),
                    "from": "•••" if masked else _plain(change.old),
                    "to": "•••" if masked else _plain(change.new),
                })  # fmt: skip
        previous[version.id] = version
        rows.append({
            "at": version.history_date.isoformat(),
            "user_id": version.history_user_id,
            "what": f"{model._meta.verbose_name}: {_HISTORY_KIND.get(version.history_type, version.history_type)}",
            "why": version.history_change_reason or "",
            "fields": fields,
        })  # fmt: skip
    return rows


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def _trail(worker: Worker | None, complaints: list[Complaint]) -> list[dict[str, Any]]:
    subjects = Q(pk__in=[])
    if worker is not None:
        subjects |= Q(subject_type="worker", subject_id=str(worker.pk))
    if complaints:
        subjects |= Q(subject_type="complaint", subject_id__in=[str(c.pk) for c in complaints])
    labels = dict(AccessAction.choices)
    rows: list[dict[str, Any]] = [
        {"at": a.at.isoformat(), "user_id": a.user_id, "what": str(labels.get(a.action, a.action)),
         "why": a.purpose, "fields": []}
        for a in AccessLog.objects.filter(subjects).order_by("at", "id")
    ]  # fmt: skip
    histories: list[tuple[Any, type[Model]]] = []
    if worker is not None:
        histories += [
            (Worker.history.filter(id=worker.pk), Worker),  # type: ignore[attr-defined]
            (Document.history.filter(worker_id=worker.pk), Document),  # type: ignore[attr-defined]
            (Placement.history.filter(worker_id=worker.pk), Placement),  # type: ignore[attr-defined]
        ]
    if complaints:
        histories.append((Complaint.history.filter(id__in=[c.pk for c in complaints]), Complaint))  # type: ignore[attr-defined]
    for history, model in histories:
        rows += _changes(history.order_by("history_date", "history_id"), model)
    names = _officers({row["user_id"] for row in rows if row["user_id"]})
    for row in rows:
        user_id = row.pop("user_id")
        row["by"] = names.get(user_id, "") if user_id else str(_("the portal (automatic)"))
    return sorted(rows, key=lambda row: row["at"])


def data_package_build(*, worker: Worker | None, complaint: Complaint | None) -> dict[str, Any]:
    """Everything held about the person who made the request (a worker, or the reporter of a complaint),
    labelled in the portal's default language (Indonesian), whatever the officer's screen language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _package(worker=worker, complaint=complaint)


def _package(*, worker: Worker | None, complaint: Complaint | None) -> dict[str, Any]:
    complaints = list(worker.complaints.order_by("created_at", "id")) if worker is not None else []
    if complaint is not None and complaint not in complaints:
        complaints.append(complaint)
    package: dict[str, Any] = {"record": _record(worker) if worker is not None else {}}
    package["documents"] = _documents(worker) if worker is not None else []
    package["placements"] = _placements(worker) if worker is not None else []
    package["complaints"] = _complaints(complaints)
    package["consent_history"] = _consents(worker) if worker is not None else []
    package["processing_trail"] = _trail(worker, complaints)
    return package
