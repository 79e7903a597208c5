"""Logged reads: the one getter for a person's record and the one row per list of people.

Every screen and endpoint that shows a person's record reads it through `person_get` (or logs the object
it already holds with `person_read`); every list that shows people writes one `LIST` row per request with
`person_list_read`. Which kinds of record are about a person, and whom each names, is declared here once.
"""

import re
from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from accounts.models import AccessAction, AccessLog
from accounts.scoping import ScopedQuerySet
from accounts.services import access_log_entry, access_log_record, access_log_write
from portal.alongside import Alongside, insert_alongside

_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class PersonRecord:
    """Whose record a row is: the log's subject (`worker` or `complaint`), the attribute path to the
    subject's id, and the key under which the row's own id goes in the detail (None: it is the subject)."""

    subject_type: str
    subject_id: str
    detail_key: str | None = None


# Every person-level model (one whose queryset is a ScopedQuerySet) is declared here; None says why a
# scoped model is not about a person. A test fails on a scoped model missing from this table.
PERSON_RECORDS: dict[str, PersonRecord | None] = {
    "workers.worker": PersonRecord("worker", "pk"),
    "workers.document": PersonRecord("worker", "worker_id", "document"),
    "placements.placement": PersonRecord("worker", "worker_id", "placement"),
    "placements.flag": PersonRecord("worker", "placement.worker_id", "flag"),
    "complaints.complaint": PersonRecord("complaint", "pk"),
    # A request may match nobody (no enumeration), so it is its own subject; the worker it names is read
    # through the worker's logged getter when the officer acts on it.
    "datarights.datarequest": PersonRecord("data_request", "pk"),
    "outreach.outreachevent": None,  # a village meeting: organisers and head counts, nobody's record
    # A legal hold names a worker or a complaint by id, with the officer's reason; the held record's own
    # reads are logged on that record.
    "privacy.legalhold": None,
    # A departure or return a village reported: a read of one is a read of the worker's placement.
    "village.movementproposal": PersonRecord("worker", "placement.worker_id", "movement_proposal"),
    # An early warning names a recruiter and perhaps a resident: a read of one is a read of a person.
    "village.earlywarning": PersonRecord("earlywarning", "pk"),
    "village.acknowledgement": PersonRecord("worker", "worker_id", "acknowledgement"),
}

# Long digit runs in a filter may be a NIK, a passport or a phone number: the log keeps none of them.
_IDENTIFIER = re.compile(r"\d{8,}")
_LOGGED = "_person_reads"


def person_record(model: type[models.Model]) -> PersonRecord | None:
    return PERSON_RECORDS.get(model._meta.label_lower)


def _attribute(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def person_read(
    *, request, obj: models.Model, action: AccessAction = AccessAction.VIEW, detail: dict | None = None
) -> None:
    """Log that this request showed `obj` (once per request, subject and action)."""
    record = person_record(type(obj))
    if record is None:
        return
    subject_id = _attribute(obj, record.subject_id)
    key = (record.subject_type, str(subject_id), action)
    done = getattr(request, _LOGGED, None)
    if done is None:
        done = set()
        setattr(request, _LOGGED, done)
    if key in done:
        return
    done.add(key)
    own = {record.detail_key: obj.pk} if record.detail_key else {}
    access_log_record(
        request=request,
        action=action,
        subject_type=record.subject_type,
        subject_id=subject_id,
        detail={**own, **(detail or {})},
    )


def person_get(
    queryset: "models.QuerySet[_M]",
    *,
    request: HttpRequest,
    pk: object,
    action: AccessAction = AccessAction.VIEW,
) -> _M:
    """The one logged getter: the row `pk` among those `request.user` may see, logged; else a 404."""
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError("person_get reads only person-level querysets")
    try:
        obj = queryset.visible_to(request.user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    person_read(request=request, obj=obj, action=action)
    return obj


def safe_filter(params) -> dict[str, str]:
    """A request's query parameters as the log keeps them: identifiers masked, paging left out."""
    kept = {}
    for name in sorted(params):
        if name in {"p", "cursor", "page", "_changelist_filters"}:
            continue
        value = ",".join(params.getlist(name)) if hasattr(params, "getlist") else str(params[name])
        kept[name[:40]] = _IDENTIFIER.sub("…", value)[:100]
    return kept


def person_list_read(*, request, model: type[models.Model], rows: int, search: str = "") -> None:
    """One `LIST` row for a page or response listing people: who, what kind, with which filter, how many.
    `search` names a search made by POST (its term is never logged), such as the exact NIK search."""
    entry = _person_list_entry(request=request, model=model, rows=rows, search=search)
    if entry is not None:
        access_log_write(entry)


def _person_list_entry(
    *, request, model: type[models.Model], rows: int, search: str = ""
) -> AccessLog | None:
    record = person_record(model)
    if record is None:
        return None
    detail = {"kind": model._meta.model_name, "filter": safe_filter(request.GET), "rows": rows}
    if search:
        detail["search"] = search
    return access_log_entry(
        request=request,
        action=AccessAction.LIST,
        subject_type=record.subject_type,
        subject_id="",
        detail=detail,
    )


class PersonListApiMixin:
    """For list endpoints of person-level rows: one `LIST` row per response, with the rows it carries.

    The row is handed to the page's own statement (`portal.alongside`), which writes it with the number of
    rows it read; where no statement took it, it is written here, after the page."""

    def paginate_queryset(self, queryset):
        request, paginator = self.request, self.paginator  # type: ignore[attr-defined]
        entry = _person_list_entry(request=request, model=queryset.model, rows=0)
        if entry is None:
            return super().paginate_queryset(queryset)  # type: ignore[misc]
        # The paginator reads one row more than a page, to know whether another follows. Without a paginator
        # no page is read, so no statement takes the row.
        cap = paginator.get_page_size(request) if paginator is not None else None
        alongside = Alongside(entry, queryset.model, "detail", "rows", cap=cap or 0)
        with insert_alongside(alongside):
            page = super().paginate_queryset(queryset)  # type: ignore[misc]
        if not alongside.written:
            entry.detail["rows"] = len(page) if page is not None else queryset.count()
            access_log_write(entry)
        return page
