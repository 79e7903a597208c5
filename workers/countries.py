"""ISO 3166-1 alpha-2 codes (from the IANA tz database's iso3166.tab, shipped by `tzdata`), country names
in the reader's language, and the usual destinations of Indonesian migrant workers, for the forms' lists.

Names come from pycountry's copy of the Debian iso-codes catalogues, which are kept up to date with an
Indonesian translation: every page, export and API label names a country through `country_name`, so a
page in Bahasa Indonesia never reads "Singapore" or "Korea (South)"."""

import gettext
from functools import cache
from importlib import resources

import pycountry
from django.utils.functional import lazy
from django.utils.translation import get_language


@cache
def iso_country_codes() -> frozenset[str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")
    )


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


@cache
def _names(language: str) -> dict[str, str]:
    """code -> the short name people use ("Korea Selatan", not "Korea, Republik")."""
    catalogue = _catalogue(language)
    names = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = catalogue.gettext(english)
    return names


def country_name(code: str, *, default: str = "") -> str:
    """The country's name in the active language (Bahasa Indonesia unless English was chosen)."""
    language = (get_language() or "id").split("-")[0]
    return _names(language).get(code.upper(), default or code)


country_name_lazy = lazy(country_name, str)

_DESTINATION_CODES = [
    "MY",
    "TW",
    "HK",
    "SG",
    "KR",
    "JP",
    "BN",
    "SA",
    "AE",
    "QA",
    "KW",
    "OM",
    "TR",
    "PL",
    "DE",
]
_DESTINATION_CODES += ["IT", "AU", "NZ"]
COMMON_DESTINATIONS = [(code, country_name_lazy(code)) for code in _DESTINATION_CODES]
