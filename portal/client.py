"""Who is on the other end of a request: the one place that decides the client's address.

DRF throttles (portal.throttling), the form limiter (portal.ratelimit), django-axes
(AXES_CLIENT_IP_CALLABLE) and the access log all ask `client_address`, so a forged header fools none
of them or all of them, and it fools none: `X-Forwarded-For` is believed only when the direct peer is
one of our own reverse proxies (the TRUSTED_PROXIES setting: addresses or CIDR networks).
"""

import functools
import ipaddress

from django.conf import settings

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    if not address or _valid(address) is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    """The client's IP address, or None when the request came from no network peer at all.

    Behind trusted proxies, each proxy appends the address it saw to X-Forwarded-For, so the header
    is read from the right: the first hop that is not one of ours is the client. Everything to its
    left was written by the client and proves nothing."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    if remote is None or not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _valid(hop)
        if address is None:
            break  # garbage in the chain: trust nothing further left of it
        if not is_trusted_proxy(address):
            return address
    return remote
