"""Reference and policy data: countries, positions and the country policies in force.

Loaded by `manage.py load_policies` (idempotent). Policy rows are matched by their natural key, so
officers' later edits of notes survive a reload, and rows officers added are never touched.
"""

import datetime
from importlib import resources
from typing import Any

from django.db import transaction

from placements.choices import PolicyEmployerType, PolicyStatus, PositionCategory
from placements.models import Country, CountryPolicy, Position
from workers.choices import PositionCode

DOMESTIC = {"HOUSEKEEPER", "BABYSITTER", "ELDERLY_CARER", "COOK", "FAMILY_DRIVER", "GARDENER", "CHILD_CARER"}
ZERO_COST = DOMESTIC | {"CLEANER", "FARM_WORKER", "FISHING_CREW"}  # agency regulation 9/2020

# Kepmenaker 260/2015: no domestic workers with individual employers in these 21 countries.
MORATORIUM_COUNTRIES = [
    "DZ", "SA", "BH", "IQ", "IR", "KW", "LB", "LY", "MA", "MR", "EG",
    "OM", "PK", "PS", "QA", "SS", "SY", "TN", "AE", "YE", "JO",
]  # fmt: skip
MORATORIUM_BASIS = "Kepmenaker 260/2015"
MORATORIUM_FROM = datetime.date(2015, 7, 1)

POLICIES: list[dict[str, Any]] = [
    *[
        {
            "country_id": code,
            "status": PolicyStatus.MORATORIUM,
            "position_category": PositionCategory.DOMESTIC,
            "employer_type": PolicyEmployerType.INDIVIDUAL,
            "valid_from": MORATORIUM_FROM,
            "legal_basis": MORATORIUM_BASIS,
            "note": "Pilot exception for Saudi Arabia through listed companies (SPSK)."
            if code == "SA"
            else "",
        }
        for code in MORATORIUM_COUNTRIES
    ],
    {
        "country_id": "KH",
        "status": PolicyStatus.CLOSED,
        "position_category": PositionCategory.ANY,
        "employer_type": PolicyEmployerType.ANY,
        "valid_from": datetime.date(2000, 1, 1),
        "legal_basis": "UU 18/2017 art. 31 (no placement agreement; online-scam trafficking)",
        "note": "Cambodia is not a placement country.",
    },
    {
        "country_id": "MY",
        "status": PolicyStatus.SPECIAL_CHANNEL,
        "position_category": PositionCategory.DOMESTIC,
        "employer_type": PolicyEmployerType.ANY,
        "valid_from": datetime.date(2022, 4, 1),
        "legal_basis": "MoU RI-Malaysia 2022 on domestic workers (One Channel System)",
        "note": "Domestic work in Malaysia only through the One Channel System.",
    },
]


def _iso_countries() -> list[tuple[str, str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return [(code, name.strip()) for code, name in rows]


@transaction.atomic
def policies_load() -> dict[str, int]:
    """Create what is missing; never delete or overwrite officers' work. Returns counts created."""
    existing = set(Country.objects.values_list("code", flat=True))
    countries = [Country(code=code, name=name) for code, name in _iso_countries() if code not in existing]
    Country.objects.bulk_create(countries)

    positions = 0
    for code in PositionCode.values:
        _position, created = Position.objects.get_or_create(
            code=code, defaults={"is_domestic": code in DOMESTIC, "is_zero_cost": code in ZERO_COST}
        )
        positions += created

    policies = 0
    for spec in POLICIES:
        key = {
            k: spec[k] for k in ("country_id", "status", "position_category", "employer_type", "valid_from")
        }
        _policy, created = CountryPolicy.objects.get_or_create(**key, defaults=spec)
        policies += created
    return {"countries": len(countries), "positions": positions, "policies": policies}
