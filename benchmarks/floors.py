"""The baselines that are pages: plain Django views rendering the rows an admin page renders, through a
minimal template, with the admin's paginator kind and page size (P5, P7), and the trivial view (P8).

Served only by `benchmarks.urls`, the harness's own URLconf: never by the portal's (a test checks).
Each floor is the honest plain way to show those rows: the same visibility rule, the same filter, the
same order and joins, the same columns, and nothing else (no admin machinery, no access log)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import localize

from accounts.admin_scoping import COUNT_CAP, PAGES_AHEAD, CappedCountPaginator
from complaints.models import Complaint
from complaints.selectors import complaints_with_overdue
from placements.models import Flag, FlagStatus, Placement
from placements.models.flags import SEVERITY_ORDER
from placements.rules import RULES
from workers.models import Worker
from workers.warnings import worker_warning_labels


@dataclass(frozen=True)
class Floor:
    model: type
    rows: Callable[[Any], QuerySet]  # user -> the visible rows, joined and ordered as the admin page
    region_field: str  # what `?regency=` filters on, as the admin's regency filter does
    headings: list[str]
    cells: Callable[[Any], list[object]]


def _display(value: object) -> str:
    return "" if value is None else str(localize(value))


def _flag_agency(flag: Flag) -> str:
    placement = flag.placement
    agency = placement.agency
    return agency.name if agency is not None else placement.agency_licence_number or "—"


def _rule_title(code: str) -> str:
    rule = RULES.get(code)
    return f"{code}: {rule.title}" if rule else code


FLOORS: dict[str, Floor] = {
    "workers": Floor(
        Worker,
        lambda user: Worker.objects.visible_to(user).select_related("domicile_village").order_by("-id"),
        "domicile_village__code",
        ["registration", "name", "NIK", "village", "status", "phase", "duplicate", "warnings", "created"],
        lambda w: [
            w.registration_number,
            w.full_name,
            w.nik_masked,
            w.domicile_village,
            w.get_status_display(),
            w.get_phase_display(),
            w.possible_duplicate,
            ", ".join(map(str, worker_warning_labels(w))),
            _display(w.created_at),
        ],  # fmt: skip
    ),
    "placements": Floor(
        Placement,
        lambda user: (
            Placement.objects.visible_to(user)
            .select_related("worker", "agency", "destination_country", "position")
            .order_by("-id")
        ),
        "worker__domicile_village__code",
        ["external id", "worker", "scheme", "agency", "country", "position", "departure", "phase"],
        lambda p: [
            p.external_id,
            p.worker,
            p.get_scheme_display(),
            p.agency or "—",
            p.destination_country,
            p.position,
            _display(p.departure_date),
            p.get_phase_display(),
        ],  # fmt: skip
    ),
    "complaints": Floor(
        Complaint,
        lambda user: complaints_with_overdue(
            Complaint.objects.visible_to(user).select_related("village", "assignee")
        ).order_by("due_at", "id"),
        "village__code",
        ["ticket", "category", "priority", "status", "village", "assignee", "due", "overdue"],
        lambda c: [
            c.ticket,
            c.get_category_display(),
            c.get_priority_display(),
            c.get_status_display(),
            c.village or "—",
            c.assignee or "—",
            _display(c.due_at),
            c.is_overdue,
        ],  # fmt: skip
    ),
    "flags": Floor(
        Flag,
        # The queue: open flags by severity then age.
        lambda user: (
            Flag.objects.visible_to(user)
            .filter(status=FlagStatus.OPEN)
            .select_related("placement__worker__domicile_village", "placement__agency")
            .annotate(severity_rank=SEVERITY_ORDER)
            .order_by("severity_rank", "first_seen_at", "id")
        ),
        "placement__worker__domicile_village__code",
        ["severity", "rule", "placement", "village", "agency", "status", "first seen"],
        lambda f: [
            f.get_severity_display(),
            _rule_title(f.rule),
            f.placement.external_id,
            f.placement.worker.domicile_village.name,
            _flag_agency(f),
            f.get_status_display(),
            _display(f.first_seen_at),
        ],  # fmt: skip
    ),
}


def floor_page(request, kind: str):
    """Page `?p=` (from 1, as the admin's) of one register, optionally `?regency=` or `?phase=`."""
    floor = FLOORS.get(kind)
    if floor is None or not request.user.is_authenticated:
        raise Http404
    rows = floor.rows(request.user)
    if regency := request.GET.get("regency"):
        rows = rows.filter(**{f"{floor.region_field}__startswith": regency + "."})
    if phase := request.GET.get("phase"):
        rows = rows.filter(phase=phase)
    per_page = admin.site._registry[floor.model].list_per_page
    paginator = CappedCountPaginator(rows, per_page)
    number = request.GET.get("p", "1")
    # The admin's paginator, counting as far as the admin's does (the pages near the one shown).
    paginator.limit = min(COUNT_CAP, (int(number) + PAGES_AHEAD) * per_page)
    page = paginator.get_page(number)
    context = {
        "title": kind,
        "headings": floor.headings,
        "rows": [floor.cells(obj) for obj in page.object_list],
        "page": page,
    }
    return render(request, "benchmarks/floor.html", context)


def floor_worker(request):
    """P7's floor: the page showing the one worker with a blind index (`?index=`)."""
    if not request.user.is_authenticated:
        raise Http404
    floor = FLOORS["workers"]
    rows = [floor.cells(w) for w in floor.rows(request.user).filter(nik_index=request.GET.get("index", ""))]
    return render(
        request, "benchmarks/floor.html", {"title": "worker", "headings": floor.headings, "rows": rows}
    )


def trivial(request):
    """P8's baseline: a constant answer, no database, no broker."""
    return HttpResponse(b"ok", content_type="text/plain")
