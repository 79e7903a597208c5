import hashlib

from django.core.cache import cache

from accounts.channels import CACHE_KEY
from accounts.models import ApiToken, HelpChannel, Office, WorkerHeartbeat
from regions.codes import level_of, within


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_get(*, key: str) -> ApiToken | None:
    """A live token of an active user (with the user loaded), or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def office_for_region(*, code: str) -> Office | None:
    """The office whose coverage contains `code` most precisely (a regency office beats a province one)."""
    best: tuple[int, Office] | None = None
    for office in Office.objects.order_by("code", "id"):
        for covered in office.region_codes:
            if within(code, covered) and (best is None or level_of(covered) > best[0]):
                best = (level_of(covered), office)
    return best[1] if best else None


def heartbeat_latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at", "-id").first()


def help_channels_shown() -> list[HelpChannel]:
    """Shown channels that carry a source, in order. Cached: public pages cost no query for them, and an
    admin's edit clears the cache (help_channel_save)."""
    channels: list[HelpChannel] | None = cache.get(CACHE_KEY)
    if channels is None:
        channels = list(
            HelpChannel.objects.filter(active=True)
            .exclude(source="")
            .exclude(number="")
            .order_by("order", "id")
        )
        cache.set(CACHE_KEY, channels, 300)
    return channels


def offices_for_regions(*, codes: list[str]) -> dict[str, Office | None]:
    """`office_for_region` for several codes with one query: each code's most precise office."""
    offices = list(Office.objects.order_by("code", "id"))
    found: dict[str, Office | None] = {}
    for code in codes:
        best: tuple[int, Office] | None = None
        for office in offices:
            for covered in office.region_codes:
                if within(code, covered) and (best is None or level_of(covered) > best[0]):
                    best = (level_of(covered), office)
        found[code] = best[1] if best else None
    return found
