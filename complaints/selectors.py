from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import person_get
from accounts.models import AccessAction
from complaints.choices import OPEN_STATUSES
from complaints.models import Complaint, ComplaintEvent
from portal.tracking import access_code_matches


def complaint_by_ticket_and_code(*, ticket: str, access_code: str) -> Complaint | None:
    complaint = Complaint.objects.filter(ticket=ticket.strip().upper()).first()
    stored = complaint.access_code_hash if complaint else None
    return complaint if access_code_matches(stored, access_code) else None


def public_timeline(*, complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter may see: public events only, never an officer's name or an internal note."""
    return list(complaint.events.filter(public=True).order_by("at", "id"))


# What the staff API's list carries: no description, no reporter, no related row in full.
COMPLAINT_API_FIELDS = (
    "id", "ticket", "status", "phase", "category", "priority", "village_id", "assignee__username", "due_at",
    "overdue_since", "outcome", "created_at", "updated_at",
)  # fmt: skip


def complaint_list(*, user: User | AnonymousUser) -> QuerySet[Complaint]:
    """The staff API's page: only the serialised columns, one join (the assignee's name)."""
    return complaints_with_overdue(
        Complaint.objects.visible_to(user)
        .select_related("assignee")
        .only(*COMPLAINT_API_FIELDS)
        .order_by("-id")
    )


def complaint_get(*, request: HttpRequest, pk: object, action: AccessAction = AccessAction.VIEW) -> Complaint:
    """One complaint the user may see, logged; or 404."""
    queryset = Complaint.objects.select_related("village", "assignee", "office")
    return person_get(queryset, request=request, pk=pk, action=action)


def overdue_condition() -> Q:
    """Overdue means: still open and its due time has passed, now. Computed when read, so it holds without
    the hourly SLA job (which only records `overdue_since` and sends the e-mails)."""
    return Q(status__in=OPEN_STATUSES, due_at__lt=timezone.now())


def complaints_overdue(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return queryset.filter(overdue_condition())


def complaints_with_overdue(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Each complaint with `is_overdue`, computed in the same query as the rows."""
    return queryset.annotate(
        is_overdue=Case(
            When(overdue_condition(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def complaint_work_counts(*, user: User) -> dict[str, int]:
    """The complaint queues of the admin (assigned to me, unassigned, overdue), counted in one query with the
    same conditions as the queue filter, so each count equals the list it links to."""
    open_ = Q(status__in=OPEN_STATUSES)
    return Complaint.objects.visible_to(user).aggregate(
        mine=Count("id", filter=open_ & Q(assignee=user)),
        unassigned=Count("id", filter=open_ & Q(assignee__isnull=True)),
        overdue=Count("id", filter=overdue_condition()),
    )
