"""Policy data as domain.md §3 and §9 state it, for databases loaded before:

- `CAREGIVER` is recorded as `ELDERLY_CARER` (a caregiver for an elderly person at home is the elderly
  carer: domestic and zero-cost). Placements and job orders move to it, so they keep their meaning under
  NP-FEES and NP-MORATORIUM; the exchange format still accepts `CAREGIVER` and maps it on input.
- The moratorium of Kepmenaker 260/2015 covers household employers in any position, not only domestic
  work, and its rows carry their source.
- Zero cost applies from 15 July 2021 (Perban BP2MI 9/2020).

Rows officers added are left alone; `load_policies` adds the rows that are new (closures, channels).
"""

import datetime

from django.db import migrations

ZERO_COST_FROM = datetime.date(2021, 7, 15)
ZERO_COST_BASIS = "Perban BP2MI 9/2020"
ZERO_COST_SOURCE = "Peraturan BP2MI 9/2020 on zero placement cost, applied from 15 July 2021."
MORATORIUM_SOURCE = (
    "Kepmenaker 260/2015, in force 1 July 2015, and the Minister's announcement naming 21 countries. Later "
    "ministry statements say 19 countries and one list names Sudan; the 21 announced are kept. Officers can "
    "correct rows."
)

KH_SOURCE = (
    "UU 18/2017 art. 31: Cambodia has no placement agreement with Indonesia; KP2MI named it again in April 2025 "
    "with Myanmar and Thailand as countries without placement cooperation."
)


def forward(apps, schema_editor):
    Position = apps.get_model("placements", "Position")
    Placement = apps.get_model("placements", "Placement")
    JobOrder = apps.get_model("placements", "JobOrder")
    CountryPolicy = apps.get_model("placements", "CountryPolicy")

    if Position.objects.filter(code="CAREGIVER").exists():
        Position.objects.get_or_create(code="ELDERLY_CARER", defaults={"is_domestic": True, "is_zero_cost": True})
        Placement.objects.filter(position_id="CAREGIVER").update(position_id="ELDERLY_CARER")
        JobOrder.objects.filter(position_id="CAREGIVER").update(position_id="ELDERLY_CARER")
        Position.objects.filter(code="CAREGIVER").delete()

    Position.objects.filter(is_zero_cost=True, zero_cost_from__isnull=True).update(
        zero_cost_from=ZERO_COST_FROM, legal_basis=ZERO_COST_BASIS, source=ZERO_COST_SOURCE
    )
    CountryPolicy.objects.filter(country_id="KH", status="CLOSED", source="").update(source=KH_SOURCE)
    CountryPolicy.objects.filter(
        status="MORATORIUM", legal_basis="Kepmenaker 260/2015", position_category="DOMESTIC"
    ).update(position_category="ANY", source=MORATORIUM_SOURCE)


class Migration(migrations.Migration):
    dependencies = [("placements", "0006_policy_sources_channels_bpjs_start")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
