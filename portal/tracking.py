"""Following something with a public number and an access code (a complaint, a data-rights request): the
one wrong-code lockout, shared by every tracking page and API so a guesser gains nothing anywhere."""

import functools
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.utils.translation import gettext as _

from portal.errors import ApplicationError

# Ten wrong access codes for one number from one client lock that pair out for an hour.
WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = 3600

T = TypeVar("T")


class TrackingLocked(ApplicationError):
    """Too many wrong codes for this number from this client; `retry_after` is in seconds."""

    retry_after = WRONG_CODE_WINDOW

    def __init__(self) -> None:
        message = _("Too many requests. Please try again in %(seconds)d seconds.") % {
            "seconds": WRONG_CODE_WINDOW
        }
        super().__init__(message, code="throttled", status=429)


@functools.cache
def _dummy_hash() -> str:
    return make_password("no-such-number")


def access_code_matches(stored_hash: str | None, access_code: str) -> bool:
    """Whether `access_code` is the one hashed in `stored_hash`. With no record (None) a dummy hash is
    checked all the same, so an unknown number costs as long as a wrong code and timing tells nothing."""
    valid = check_password(access_code.strip().upper(), stored_hash or _dummy_hash())
    return valid and stored_hash is not None


def tracked_or_locked(
    *, kind: str, number: str, client: str | None, find: Callable[[], T | None], not_found: str
) -> T:
    """`find()`'s answer, unless `client` gave WRONG_CODE_LIMIT wrong codes for `number` of `kind` within
    WRONG_CODE_WINDOW (then TrackingLocked, even for the right code). `find()` returning None counts one
    wrong code and raises ApplicationError `not_found` (404) with the message `not_found`."""
    key = f"{kind}-wrong-code:{client}:{number.strip().upper()}"
    if cache.get(key, 0) >= WRONG_CODE_LIMIT:
        raise TrackingLocked()
    found = find()
    if found is None:
        cache.add(key, 0, WRONG_CODE_WINDOW)
        cache.incr(key)
        raise ApplicationError(not_found, code="not_found", status=404)
    return found
