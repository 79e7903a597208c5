"""Following a complaint with its ticket and access code: the one place for the wrong-code lockout, used
by the tracking page and the API alike."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.selectors import complaint_by_ticket_and_code
from portal.errors import ApplicationError

# Ten wrong access codes for one ticket from one client lock that pair out for an hour.
WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = 3600


class TrackingLocked(ApplicationError):
    """Too many wrong codes for this ticket from this client; `retry_after` is in seconds."""

    retry_after = WRONG_CODE_WINDOW

    def __init__(self) -> None:
        message = _("Too many requests. Please try again in %(seconds)d seconds.") % {
            "seconds": WRONG_CODE_WINDOW
        }
        super().__init__(message, code="throttled", status=429)


def complaint_track(*, ticket: str, access_code: str, client: str | None) -> Complaint:
    """The complaint a reporter follows with its ticket and access code, for the page and the API alike.

    Raises TrackingLocked once `client` has given WRONG_CODE_LIMIT wrong codes for this ticket within
    WRONG_CODE_WINDOW (even for the right code, so guessing gains nothing), and ApplicationError
    `not_found` (404) for a wrong code or an unknown ticket, which read the same."""
    key = f"complaint-wrong-code:{client}:{ticket.strip().upper()}"
    if cache.get(key, 0) >= WRONG_CODE_LIMIT:
        raise TrackingLocked()
    complaint = complaint_by_ticket_and_code(ticket=ticket, access_code=access_code)
    if complaint is None:
        cache.add(key, 0, WRONG_CODE_WINDOW)
        cache.incr(key)
        message = _("No report matches this ticket and code. Check both and try again.")
        raise ApplicationError(message, code="not_found", status=404)
    return complaint
