import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Office, StaffProfile
from accounts.scoping import person_scope, record_scope
from accounts.selectors import office_for_region
from outreach.models import OutreachEvent, OutreachStatus
from portal.errors import ApplicationError

OUT_OF_SCOPE = gettext_lazy(
    "This village is outside your region: you can record outreach only in villages your office covers."
)


def village_in_user_scope(*, user: User, village_code: str) -> bool:
    """True when the user's person scope covers the village: the one rule for where outreach is recorded."""
    scope = person_scope(user)
    return scope is not None and scope.covers(village_code)


def _recording_office(*, user: User, village_code: str) -> Office | None:
    profile: StaffProfile | None = getattr(user, "profile", None)
    if profile is not None and profile.office_id:
        return profile.office
    # Staff outside an office (an administrator): the office that covers the village.
    return office_for_region(code=village_code)


@transaction.atomic
def outreach_event_save(*, event: OutreachEvent, user: User) -> OutreachEvent:
    """Create or update an outreach event recorded by `user`.

    Raises ApplicationError: code "out_of_scope" (status 403) when the village, or on a change the village
    the event had before, lies outside the user's scope; code "invalid" with `fields` when the event does
    not validate (the database constraints included).
    """
    codes = [event.village_id] if event.village_id else []
    if not event._state.adding:
        before = OutreachEvent.objects.filter(pk=event.pk).values_list("village_id", flat=True).first()
        codes += [before] if before else []
    if any(not village_in_user_scope(user=user, village_code=code) for code in codes):
        message = str(OUT_OF_SCOPE)
        raise ApplicationError(message, code="out_of_scope", fields={"village": [message]}, status=403)
    if event._state.adding:
        event.recorded_by = user
        if event.village_id:
            event.office = _recording_office(user=user, village_code=event.village_id)
    try:
        event.full_clean()
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        raise ApplicationError(" ".join(error.messages), code="invalid", fields=fields) from error
    event.save()
    return event


@transaction.atomic
def outreach_request_create(
    *,
    user: User,
    village_code: str,
    topic: str,
    preferred_from: datetime.date,
    preferred_until: datetime.date | None = None,
    expected_participants: int,
    note: str = "",
) -> OutreachEvent:
    """A village asks BP3MI for an outreach session: it lands in the outreach register as REQUESTED,
    dated on the first preferred day until an officer records the session held.

    Raises ApplicationError: "out_of_scope" (403) for a village outside the user's scope; "invalid" with
    `fields` for dates in the past or out of order, or a request that does not validate."""
    scope = record_scope(user)  # the village officer's villages, or an officer's regions
    if scope is None or not scope.covers(village_code):
        message = str(OUT_OF_SCOPE)
        raise ApplicationError(message, code="out_of_scope", fields={"village": [message]}, status=403)
    if preferred_from < timezone.localdate():
        message = str(gettext_lazy("Choose a date from today on."))
        raise ApplicationError(message, code="invalid", fields={"preferred_from": [message]})
    if preferred_until is not None and preferred_until < preferred_from:
        message = str(gettext_lazy("The last preferred date cannot be before the first."))
        raise ApplicationError(message, code="invalid", fields={"preferred_until": [message]})
    office = office_for_region(code=village_code)
    event = OutreachEvent(
        village_id=village_code,
        status=OutreachStatus.REQUESTED,
        event_date=preferred_from,
        preferred_from=preferred_from,
        preferred_until=preferred_until,
        expected_participants=expected_participants,
        topic=topic,
        title=str(gettext_lazy("Session requested by the village")),
        organiser=office.name if office else "BP3MI",
        notes=note.strip(),
        office=office,
        requested_by=user,
        requested_at=timezone.now(),
        recorded_by=user,
    )
    try:
        event.full_clean()
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        raise ApplicationError(" ".join(error.messages), code="invalid", fields=fields) from error
    event.save()
    return event
