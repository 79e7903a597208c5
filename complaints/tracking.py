"""Following a complaint with its ticket and access code, for the tracking page and the API alike; the
wrong-code lockout is the portal's one (portal.tracking)."""

from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.selectors import complaint_by_ticket_and_code
from portal.tracking import WRONG_CODE_LIMIT, WRONG_CODE_WINDOW, TrackingLocked, tracked_or_locked

__all__ = ["WRONG_CODE_LIMIT", "WRONG_CODE_WINDOW", "TrackingLocked", "complaint_track"]


def complaint_track(*, ticket: str, access_code: str, client: str | None) -> Complaint:
    """The complaint a reporter follows with its ticket and access code, for the page and the API alike.

    Raises TrackingLocked once `client` has given WRONG_CODE_LIMIT wrong codes for this ticket within
    WRONG_CODE_WINDOW (even for the right code, so guessing gains nothing), and ApplicationError
    `not_found` (404) for a wrong code or an unknown ticket, which read the same."""
    return tracked_or_locked(
        kind="complaint",
        number=ticket,
        client=client,
        find=lambda: complaint_by_ticket_and_code(ticket=ticket, access_code=access_code),
        not_found=_("No report matches this ticket and code. Check both and try again."),
    )
