"""DRF throttles that count per client as `portal.client.client_address` names it.

DRF's own `get_ident` believes any `X-Forwarded-For` when NUM_PROXIES is unset, so each forged
address would get a fresh allowance. Every API view throttles with these classes (a test walks the
URL resolver to make sure); import them from here, not from rest_framework.throttling.
"""

from rest_framework import throttling

from portal.client import client_address


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass
