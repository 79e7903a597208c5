from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from datarights.choices import RequestStatus
from datarights.models import DataRequest
from portal.tracking import access_code_matches, tracked_or_locked


def data_request_by_number_and_code(*, number: str, access_code: str) -> DataRequest | None:
    data_request = DataRequest.objects.filter(number=number.strip().upper()).first()
    stored = data_request.access_code_hash if data_request else None
    return data_request if access_code_matches(stored, access_code) else None


def data_request_track(*, number: str, access_code: str, client: str | None) -> DataRequest:
    """The request a person follows with its number and access code, for the page and the API alike.

    Raises TrackingLocked after too many wrong codes for this number from this client, and ApplicationError
    `not_found` (404) for a wrong code or an unknown number, which read the same."""
    return tracked_or_locked(
        kind="data-request",
        number=number,
        client=client,
        find=lambda: data_request_by_number_and_code(number=number, access_code=access_code),
        not_found=_("No request matches this number and code. Check both and try again."),
    )


def overdue_condition() -> Q:
    """Overdue: still waiting for a decision and its 3×24 hours have passed, now. Computed when read."""
    return Q(status=RequestStatus.RECEIVED, due_at__lt=timezone.now())


def data_requests_with_overdue(queryset: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    return queryset.annotate(
        is_overdue=Case(
            When(overdue_condition(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def data_request_list(*, user: User | AnonymousUser) -> QuerySet[DataRequest]:
    return data_requests_with_overdue(
        DataRequest.objects.visible_to(user).select_related("village", "office").order_by("due_at", "id")
    )


def data_request_work_counts(*, user: User) -> dict[str, int]:
    """Requests waiting for a decision in the user's scope, and those past their 3×24 hours: one query,
    with the conditions of the admin's queue filter, so each count equals the list it links to."""
    return DataRequest.objects.visible_to(user).aggregate(
        due=Count("id", filter=Q(status=RequestStatus.RECEIVED)),
        overdue=Count("id", filter=overdue_condition()),
    )
