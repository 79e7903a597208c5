"""Breach scoping: whose records a given account (or every account) read or changed in a window.

Two sources, one row shape: the access log (reads: views, reveals, exports, API reads) and the change
history of the person records (writes). Each row names the person (the worker) where the record has one,
so "which persons did this account touch" is the set of `person` values. Set-based: one query per source
and a single lookup of the persons' registration numbers, whatever the window holds."""

import datetime
from dataclasses import dataclass

from django.db.models import Model

from accounts.models import AccessLog
from complaints.models import Complaint
from placements.models import Placement
from village.models import EarlyWarning
from workers.models import Document, Worker

# Access-log subject types that name a person's record; aggregates (regions) are not personal data.
PERSON_SUBJECTS = ("worker", "document", "placement", "complaint", "earlywarning")
# subject type -> (model, the field holding the worker's id) for the change history.
HISTORY_SOURCES: dict[str, tuple[type[Model], str]] = {
    "worker": (Worker, "id"),
    "document": (Document, "worker_id"),
    "placement": (Placement, "worker_id"),
    "complaint": (Complaint, "worker_id"),
}
# subject type -> (model, the field holding the worker's id) for reads: the person a read record names.
READ_SOURCES: dict[str, tuple[type[Model], str]] = {
    **HISTORY_SOURCES,
    "earlywarning": (EarlyWarning, "worker_id"),  # a village's early warning (its worker, if named)
}
CHANGE = {"+": "CREATED", "~": "CHANGED", "-": "DELETED"}
COLUMNS = ["at", "user", "action", "subject_type", "subject_id", "person", "why"]


@dataclass(frozen=True)
class ReportRow:
    at: datetime.datetime
    user: str
    action: str
    subject_type: str
    subject_id: str
    person: str  # the worker's registration number; empty when the record names no worker
    why: str  # the purpose of a read (the view), the reason of a change

    def cells(self) -> list[str]:
        return [
            self.at.isoformat(),
            self.user,
            self.action,
            self.subject_type,
            self.subject_id,
            self.person,
            self.why,
        ]


def access_report(
    *, since: datetime.datetime, until: datetime.datetime, username: str | None = None
) -> list[ReportRow]:
    """Every read and change of a person record in [since, until), oldest first."""
    reads = AccessLog.objects.filter(at__gte=since, at__lt=until, subject_type__in=PERSON_SUBJECTS)
    if username:
        reads = reads.filter(username=username)
    found: list[tuple[datetime.datetime, str, str, str, str, int | None, str]] = []
    for at, user, action, kind, subject_id, purpose in reads.values_list(
        "at", "username", "action", "subject_type", "subject_id", "purpose"
    ):
        found.append((at, user, action, kind, subject_id, None, purpose))
    for kind, (model, worker_field) in HISTORY_SOURCES.items():
        history = getattr(model, "history").filter(history_date__gte=since, history_date__lt=until)  # noqa: B009
        if username:
            history = history.filter(history_user__username=username)
        for at, user, change, subject_id, worker_id, reason in history.values_list(
            "history_date",
            "history_user__username",
            "history_type",
            "id",
            worker_field,
            "history_change_reason",
        ):
            found.append((at, user or "", CHANGE[change], kind, str(subject_id), worker_id, reason or ""))
    # Reads name their subject by id; the person of a document, placement or complaint is looked up.
    by_kind: dict[str, set[int]] = {}
    for _at, _user, _action, kind, subject_id, worker_id, _why in found:
        if worker_id is None and subject_id.isdigit():
            by_kind.setdefault(kind, set()).add(int(subject_id))
    worker_of: dict[tuple[str, int], int | None] = {}
    for kind, ids in by_kind.items():
        model, worker_field = READ_SOURCES[kind]
        for pk, worker_id in model._default_manager.filter(pk__in=ids).values_list("pk", worker_field):
            worker_of[(kind, pk)] = worker_id
    resolved = [
        (
            row,
            row[5]
            if row[5] is not None
            else worker_of.get((row[3], int(row[4])) if row[4].isdigit() else ("", 0)),
        )
        for row in found
    ]
    numbers = dict(
        Worker.objects.filter(pk__in={w for _row, w in resolved if w}).values_list(
            "pk", "registration_number"
        )
    )
    rows = [
        ReportRow(at, user, action, kind, subject_id, numbers.get(worker_id, "") if worker_id else "", why)
        for (at, user, action, kind, subject_id, _w, why), worker_id in resolved
    ]
    return sorted(rows, key=lambda r: (r.at, r.user, r.subject_type, r.subject_id))
