"""DRF throttles that count per client as `portal.client.client_address` names it.

DRF's own `get_ident` believes any `X-Forwarded-For` when NUM_PROXIES is unset, so each forged
address would get a fresh allowance. Every API view throttles with these classes (a test walks the
URL resolver to make sure); import them from here, not from rest_framework.throttling.
"""

from rest_framework import throttling

from portal.client import client_address
from portal.ratelimit import wait_seconds


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass


class AcceptedSubmissionThrottle(ClientAddressMixin, throttling.BaseThrottle):
    """Refuses an address already over its limit of accepted submissions (the view's `throttle_scope`),
    without counting this request: the view counts it with `submission_admit` once it is accepted, so
    failed validation never uses up a shared address's allowance."""

    def allow_request(self, request, view) -> bool:
        self._wait = wait_seconds(view.throttle_scope, self.get_ident(request))
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait
