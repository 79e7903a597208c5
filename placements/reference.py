"""Reference and policy data: countries, positions and the country policies in force.

Loaded by `manage.py load_policies` (idempotent). Policy rows are matched by their natural key, so
officers' later edits of notes survive a reload, and rows officers added are never touched.
"""

import datetime
from importlib import resources
from typing import Any

from django.db import transaction

from placements.choices import POSITION_ALIASES, PolicyEmployerType, PolicyStatus, PositionCategory
from placements.models import Country, CountryPolicy, Position
from placements.services import refresh_flags_later
from workers.choices import PositionCode

DOMESTIC = {"HOUSEKEEPER", "BABYSITTER", "ELDERLY_CARER", "COOK", "FAMILY_DRIVER", "GARDENER", "CHILD_CARER"}
ZERO_COST = DOMESTIC | {"CLEANER", "FARM_WORKER", "FISHING_CREW"}
ZERO_COST_FROM = datetime.date(2021, 7, 15)
ZERO_COST_BASIS = "Perban BP2MI 9/2020"
ZERO_COST_SOURCE = "Peraturan BP2MI 9/2020 on zero placement cost, applied from 15 July 2021."

# Kepmenaker 260/2015: no placement with individual (household) employers in these 21 countries.
MORATORIUM_COUNTRIES = [
    "DZ", "SA", "BH", "IQ", "IR", "KW", "LB", "LY", "MA", "MR", "EG",
    "OM", "PK", "PS", "QA", "SS", "SY", "TN", "AE", "YE", "JO",
]  # fmt: skip
MORATORIUM_BASIS = "Kepmenaker 260/2015"
MORATORIUM_FROM = datetime.date(2015, 7, 1)
MORATORIUM_SOURCE = (
    "Kepmenaker 260/2015, in force 1 July 2015, and the Minister's announcement naming 21 countries. Later "
    "ministry statements say 19 countries and one list names Sudan; the 21 announced are kept. Officers can "
    "correct rows."
)
# KP2MI named these in April 2025 as countries without placement cooperation; the day is not in the
# statements we hold, so the closure runs from the first of the month.
CLOSED_2025 = {"MM": "Myanmar", "TH": "Thailand"}
KH_SOURCE = (
    "UU 18/2017 art. 31: Cambodia has no placement agreement with Indonesia; KP2MI named it again in April 2025 "
    "with Myanmar and Thailand as countries without placement cooperation."
)
CLOSED_2025_FROM = datetime.date(2025, 4, 1)
SPSK_POSITIONS = ["HOUSEKEEPER", "BABYSITTER", "COOK", "ELDERLY_CARER", "FAMILY_DRIVER", "CHILD_CARER"]

POLICIES: list[dict[str, Any]] = [
    *[
        {
            "country_id": code,
            "status": PolicyStatus.MORATORIUM,
            "position_category": PositionCategory.ANY,
            "employer_type": PolicyEmployerType.INDIVIDUAL,
            "valid_from": MORATORIUM_FROM,
            "legal_basis": MORATORIUM_BASIS,
            "source": MORATORIUM_SOURCE,
            "note": "Exception: the special channel SPSK (see its own row)." if code == "SA" else "",
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
        "source": KH_SOURCE,
        "note": "Cambodia is not a placement country.",
    },
    *[
        {
            "country_id": code,
            "status": PolicyStatus.CLOSED,
            "position_category": PositionCategory.ANY,
            "employer_type": PolicyEmployerType.ANY,
            "valid_from": CLOSED_2025_FROM,
            "legal_basis": "UU 18/2017 art. 31; KP2MI statement of April 2025",
            "source": f"KP2MI, April 2025: {name} is a country without placement cooperation with Indonesia "
            "(named with Cambodia, Myanmar and Thailand).",
            "note": "",
        }
        for code, name in CLOSED_2025.items()
    ],
    {
        "country_id": "SA",
        "status": PolicyStatus.SPECIAL_CHANNEL,
        "position_category": PositionCategory.DOMESTIC,
        "employer_type": PolicyEmployerType.LEGAL_ENTITY,
        "valid_from": datetime.date(2018, 1, 1),
        "legal_basis": "Kepmenaker 291/2018 (SPSK, Sistem Penempatan Satu Kanal)",
        "source": "Kepmenaker 291/2018 and the directorate general's list of designated P3MI (add them to this "
        "row). The decree's day is not in the sources we hold: the row runs from the start of 2018.",
        "note": "Domestic work in Saudi Arabia only through SPSK: a designated P3MI, a legal-entity employer "
        "(syarikah), one of six positions.",
        "designated_only": True,
        "positions": SPSK_POSITIONS,
    },
    {
        "country_id": "MY",
        "status": PolicyStatus.SPECIAL_CHANNEL,
        "position_category": PositionCategory.DOMESTIC,
        "employer_type": PolicyEmployerType.ANY,
        "valid_from": datetime.date(2022, 4, 1),
        "legal_basis": "MoU RI-Malaysia 2022 on domestic workers (One Channel System)",
        "source": "Memorandum of understanding between Indonesia and Malaysia on domestic workers, signed 1 April "
        "2022: the One Channel System.",
        "note": "Domestic work in Malaysia only through the One Channel System, by a P3MI.",
    },
]
KEY = ("country_id", "status", "position_category", "employer_type", "valid_from")


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
        if code in POSITION_ALIASES:  # recorded under the code it stands for
            continue
        zero_cost = code in ZERO_COST
        _position, created = Position.objects.get_or_create(
            code=code,
            defaults={
                "is_domestic": code in DOMESTIC,
                "is_zero_cost": zero_cost,
                "zero_cost_from": ZERO_COST_FROM if zero_cost else None,
                "legal_basis": ZERO_COST_BASIS if zero_cost else "",
                "source": ZERO_COST_SOURCE if zero_cost else "",
            },
        )
        positions += created

    policies = []
    for spec in POLICIES:
        defaults = {k: v for k, v in spec.items() if k != "positions"}
        policy, created = CountryPolicy.objects.get_or_create(**{k: spec[k] for k in KEY}, defaults=defaults)
        if created:
            policy.positions.set(spec.get("positions", []))
            policies.append(policy.country_id)
    if policies:  # policies change flags: evaluate the placements to those countries once this commits
        refresh_flags_later(country_codes=policies)
    return {"countries": len(countries), "positions": positions, "policies": len(policies)}
