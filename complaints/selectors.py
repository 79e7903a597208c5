import functools

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import person_get
from accounts.models import AccessAction
from complaints.choices import OPEN_STATUSES
from complaints.models import Complaint, ComplaintEvent


@functools.cache
def _dummy_hash() -> str:
    # Checked when the ticket does not exist, so a wrong ticket costs as long as a wrong code.
    return make_password("no-such-ticket")


def complaint_by_ticket_and_code(*, ticket: str, access_code: str) -> Complaint | None:
    complaint = Complaint.objects.filter(ticket=ticket.strip().upper()).first()
    stored = complaint.access_code_hash if complaint else _dummy_hash()
    valid = check_password(access_code.strip().upper(), stored)
    return complaint if complaint and valid else None


def public_timeline(*, complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter may see: public events only, never an officer's name or an internal note."""
    return list(complaint.events.filter(public=True).order_by("at", "id"))


def complaint_list(*, user) -> QuerySet[Complaint]:
    return Complaint.objects.visible_to(user).select_related("village", "assignee", "office").order_by("-id")


def complaint_get(*, request, pk, action: AccessAction = AccessAction.VIEW) -> Complaint:
    """One complaint the user may see, logged; or 404."""
    queryset = Complaint.objects.select_related("village", "assignee", "office")
    return person_get(queryset, request=request, pk=pk, action=action)


def complaints_overdue(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return queryset.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
