"""ISO 3166-1 alpha-2 codes (from the IANA tz database's iso3166.tab, shipped by `tzdata`) and the
usual destinations of Indonesian migrant workers, for the registration form's list."""

from functools import cache
from importlib import resources

from django.utils.translation import gettext_lazy as _


@cache
def iso_country_codes() -> frozenset[str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


COMMON_DESTINATIONS = [
    ("MY", _("Malaysia")),
    ("TW", _("Taiwan")),
    ("HK", _("Hong Kong")),
    ("SG", _("Singapore")),
    ("KR", _("South Korea")),
    ("JP", _("Japan")),
    ("BN", _("Brunei")),
    ("SA", _("Saudi Arabia")),
    ("AE", _("United Arab Emirates")),
    ("QA", _("Qatar")),
    ("KW", _("Kuwait")),
    ("OM", _("Oman")),
    ("TR", _("Turkey")),
    ("PL", _("Poland")),
    ("DE", _("Germany")),
    ("IT", _("Italy")),
    ("AU", _("Australia")),
    ("NZ", _("New Zealand")),
]
