"""A per-client rate limit for public HTML form posts, counted in the cache (Redis in production).

The API uses DRF throttles with the same rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]).
"""

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render

from portal.client import client_address

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), _PERIODS[period]


def hit(scope: str, key: str) -> bool:
    """Count one request; False when the client is over the limit of `scope` for this window."""
    limit, period = parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope])
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
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
