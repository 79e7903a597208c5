"""Migration 0005 keeps data loaded before it meaningful: `CAREGIVER` placements and job orders become
`ELDERLY_CARER` (domestic, zero cost), the moratorium rows cover any position and carry their source, and
zero cost gets its effective date. Its function runs here on rows written as an older database held them."""

import importlib

import pytest
from django.apps import apps

from placements.models import CountryPolicy, JobOrder, Placement, Position
from tests.placements.builders import D, make_agency, make_placement

pytestmark = pytest.mark.django_db

migration = importlib.import_module("placements.migrations.0007_caregiver_is_elderly_carer_policy_sources")


@pytest.fixture
def old_database():
    """Rows as `load_policies` wrote them before: a CAREGIVER position used by a job order and a placement,
    a domestic-only moratorium row without a source, zero-cost positions without dates."""
    Position.objects.create(code="CAREGIVER")
    Position.objects.filter(is_zero_cost=True).update(zero_cost_from=None, legal_basis="", source="")
    CountryPolicy.objects.filter(country_id="SA", status="MORATORIUM").update(
        position_category="DOMESTIC", source=""
    )
    job_order = JobOrder.objects.create(
        number="SIP2MI/2020/LAMA/0001", agency=make_agency(), country_id="TW", position_id="CAREGIVER",
        quota=5, valid_from=D(2020, 1, 1), valid_until=D(2027, 12, 31),
    )  # fmt: skip
    placement = make_placement(job_order=job_order)
    Placement.objects.filter(pk=placement.pk).update(position_id="CAREGIVER")
    return job_order, placement


def test_caregiver_placements_and_job_orders_become_elderly_carers_and_the_code_goes(old_database):
    job_order, placement = old_database

    migration.forward(apps, None)

    job_order.refresh_from_db()
    placement.refresh_from_db()
    assert (job_order.position_id, placement.position_id) == ("ELDERLY_CARER", "ELDERLY_CARER")
    assert not Position.objects.filter(code="CAREGIVER").exists()
    assert Position.objects.filter(code="ELDERLY_CARER", is_domestic=True, is_zero_cost=True).exists()


def test_the_moratorium_rows_cover_any_position_and_carry_the_note_on_the_country_count(old_database):
    migration.forward(apps, None)

    saudi = CountryPolicy.objects.get(country_id="SA", status="MORATORIUM")
    assert saudi.position_category == "ANY"
    assert "19" in saudi.source and "Sudan" in saudi.source


def test_zero_cost_positions_get_their_effective_date(old_database):
    migration.forward(apps, None)

    assert set(Position.objects.filter(is_zero_cost=True).values_list("zero_cost_from", flat=True)) == {
        D(2021, 7, 15)
    }


def test_running_it_twice_changes_nothing_more(old_database):
    migration.forward(apps, None)
    before = list(Position.objects.order_by("code").values())

    migration.forward(apps, None)

    assert list(Position.objects.order_by("code").values()) == before
