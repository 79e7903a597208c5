"""'Pekerjaan saya' on the admin home: what waits for this officer, supervisor or admin in their scope,
each count linking to the admin list that shows exactly those rows.

Each app counts its own rows through its selectors (one aggregate query per table, through
`visible_to`), so the page costs the same few queries for ten rows or a million. The links use the
list filters whose conditions the selectors share."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import person_scope
from complaints.selectors import complaint_work_counts
from datarights.selectors import data_request_work_counts
from placements.models import Severity
from placements.selectors import flag_open_counts
from village.movement_selectors import movement_pending_count
from village.selectors import early_warning_work_counts
from workers.selectors import worker_work_counts


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str


def _url(changelist: str, **params: str) -> str:
    return f"{reverse(f'admin:{changelist}_changelist')}?{urlencode(params)}"


def workbench_items(*, user) -> list[tuple[str, list[WorkItem]]]:
    """Groups of (title, items); empty for a user without a person-level scope (DPRD, API clients)."""
    if person_scope(user) is None:
        return []
    groups: list[tuple[str, list[WorkItem]]] = []
    if user.has_perm("workers.view_worker") or user.has_perm("workers.view_document"):
        counts = worker_work_counts(user=user)
        items = []
        if user.has_perm("workers.view_worker"):
            items.append(WorkItem(str(_("Registrations to verify")), counts["registrations_to_verify"],
                                  _url("workers_worker", status__exact="SUBMITTED")))  # fmt: skip
        if user.has_perm("workers.view_document"):
            items.append(WorkItem(str(_("Documents to check")), counts["documents_to_check"],
                                  _url("workers_document", verification__exact="PENDING")))  # fmt: skip
        groups.append((str(_("Registrations")), items))
    if user.has_perm("placements.view_flag"):
        flags = flag_open_counts(user=user)
        groups.append((str(_("Open flags")), [
            WorkItem(str(label), flags[code], _url("placements_flag", severity__exact=code))
            for code, label in Severity.choices
        ]))  # fmt: skip
    if user.has_perm("complaints.view_complaint"):
        complaints = complaint_work_counts(user=user)
        groups.append((str(_("Complaints")), [
            WorkItem(str(_("Assigned to me")), complaints["mine"], _url("complaints_complaint", queue="mine")),
            WorkItem(str(_("Unassigned")), complaints["unassigned"], _url("complaints_complaint", queue="unassigned")),
            WorkItem(str(_("Overdue")), complaints["overdue"], _url("complaints_complaint", queue="overdue")),
        ]))  # fmt: skip
    if user.has_perm("village.view_earlywarning"):
        warnings = early_warning_work_counts(user=user)
        groups.append((str(_("Village desk")), [
            WorkItem(str(_("Early warnings received")), warnings["received"],
                     _url("village_earlywarning", status__exact="RECEIVED")),
            WorkItem(str(_("Early warnings being followed up")), warnings["in_review"],
                     _url("village_earlywarning", status__exact="IN_REVIEW")),
        ]))  # fmt: skip
    if user.has_perm("datarights.view_datarequest"):
        requests = data_request_work_counts(user=user)
        groups.append((str(_("Data requests")), [
            WorkItem(str(_("Data requests due")), requests["due"], _url("datarights_datarequest", queue="due")),
            WorkItem(str(_("Data requests overdue")), requests["overdue"], _url("datarights_datarequest", queue="overdue")),
        ]))  # fmt: skip
    if user.has_perm("village.view_movementproposal"):
        groups.append((str(_("Departures and returns")), [
            WorkItem(str(_("Departures and returns to confirm")), movement_pending_count(user=user),
                     _url("village_movementproposal", status__exact="PENDING")),
        ]))  # fmt: skip
    return groups
