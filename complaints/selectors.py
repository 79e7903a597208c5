import functools

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

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


def complaint_list(*, user: User | AnonymousUser) -> QuerySet[Complaint]:
    return Complaint.objects.visible_to(user).select_related("village", "assignee", "office").order_by("-id")
