"""Per-client rate limits, counted in the cache (Redis in production).

Two kinds. Lookups and checks (`rate_limited`) count every request: they are what a guesser repeats.
Public submissions (registrations, complaints) count only what was ACCEPTED (`submission_admit`,
called after validation), per address and per NIK and phone: a village outreach event or a carrier's
shared address (CGNAT) puts many honest people behind one address, so the address limit is generous
and a single abuser is stopped by the limits on what identifies them. HTML forms and the API share
the same counters. Rates live in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

import functools
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from portal.client import client_address

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), _PERIODS[period]


def _rate(scope: str) -> tuple[int, int]:
    return parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope])


def seconds_until_reset(scope: str) -> int:
    """When the current window of `scope` ends: the honest answer to "when may I try again?"."""
    _limit, period = _rate(scope)
    return max(1, math.ceil(period - time.time() % period))


def wait_seconds(scope: str, key: str) -> int | None:
    """Without counting: None while `key` is under the limit of `scope`, else seconds to wait."""
    limit, period = _rate(scope)
    count = cache.get(f"rl:{scope}:{key}:{int(time.time() // period)}", 0)
    return None if count < limit else seconds_until_reset(scope)


def _digest(value: str) -> str:
    # A NIK or phone never goes into a cache key as itself (keys show up in monitoring tools).
    return salted_hmac("portal.ratelimit", value.strip()).hexdigest()[:32]


def submission_admit(request, *, scope: str = "public_write", nik: str = "", phone: str = "") -> int | None:
    """For a submission that passed validation: when the address, the NIK and the phone are all under
    their limits, count them and return None; otherwise count nothing and return seconds to wait."""
    keys = [(scope, client_address(request) or "unknown")]
    if nik:
        keys.append((f"{scope}_nik", _digest(nik)))
    if phone:
        keys.append((f"{scope}_phone", _digest(phone)))
    waits = [wait for s, k in keys if (wait := wait_seconds(s, k))]
    if waits:
        return max(waits)
    for s, k in keys:
        hit(s, k)
    return None


def limit_page(request, *, wait: int, office=None):
    """The friendly 429 page: when to try again, in minutes, and who to call meanwhile."""
    response = render(
        request, "429.html", {"minutes": max(1, math.ceil(wait / 60)), "office": office}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def hit(scope: str, key: str) -> bool:
    """Count one request; False when the client is over the limit of `scope` for this window."""
    limit, period = _rate(scope)
    window = int(time.time() // period)
    cache_key = f"rl:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=period + 5)
        count = 1
    return count <= limit


def rate_limited(
    scope: str, methods: tuple[str, ...] = ("POST",), exempt: Callable[[HttpRequest], bool] | None = None
):
    """Decorator: over the limit, answer with the friendly 429 page instead of running the view.
    `exempt(request)` marks requests that do not count (such as a form asking for its next choices)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            counted = request.method in methods and not (exempt and exempt(request))
            if counted and not hit(scope, client_address(request) or "unknown"):
                return limit_page(request, wait=seconds_until_reset(scope))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
