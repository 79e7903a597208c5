"""Policy data (domain.md §2, exchange-format.md): countries, positions and country policies, loaded
by `manage.py load_policies` and read as of a date by `policies_on`."""

import io

import pytest
from django.core.management import call_command

from placements.models import Country, CountryPolicy, Position
from placements.selectors import policies_on
from placements.services import country_policy_save
from tests.placements.builders import D

pytestmark = pytest.mark.django_db

# Decree 260/2015 (domain.md §2): Algeria, Saudi Arabia, Bahrain, Iraq, Iran, Kuwait, Lebanon, Libya,
# Morocco, Mauritania, Egypt, Oman, Pakistan, Palestine, Qatar, South Sudan, Syria, Tunisia, UAE, Yemen, Jordan.
MORATORIUM = {
    "DZ", "SA", "BH", "IQ", "IR", "KW", "LB", "LY", "MA", "MR", "EG",
    "OM", "PK", "PS", "QA", "SS", "SY", "TN", "AE", "YE", "JO",
}  # fmt: skip
DOMESTIC = {"HOUSEKEEPER", "BABYSITTER", "ELDERLY_CARER", "COOK", "FAMILY_DRIVER", "GARDENER", "CHILD_CARER"}
ZERO_COST = DOMESTIC | {"CLEANER", "FARM_WORKER", "FISHING_CREW"}


def load_policies() -> str:
    out = io.StringIO()
    call_command("load_policies", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Country.objects.count(), Position.objects.count(), CountryPolicy.objects.count()


def test_loading_the_policies_again_creates_nothing():
    before = counts()

    output = load_policies()

    assert "0 countries, 0 positions, 0 policies created" in output
    assert counts() == before


def test_a_reload_keeps_what_officers_changed():
    policy = CountryPolicy.objects.get(country_id="SA", status="MORATORIUM")
    policy.note = "Dibuka kembali? Menunggu keputusan 2025."
    country_policy_save(policy=policy)

    load_policies()

    policy.refresh_from_db()
    assert policy.note == "Dibuka kembali? Menunggu keputusan 2025."


def test_the_moratorium_covers_21_countries_for_domestic_work_with_individual_employers_from_july_2015():
    moratorium = CountryPolicy.objects.filter(status="MORATORIUM")

    assert set(moratorium.values_list("country_id", flat=True)) == MORATORIUM
    assert moratorium.count() == 21
    assert set(moratorium.values_list("position_category", "employer_type", "valid_from", "valid_until")) == {
        ("DOMESTIC", "INDIVIDUAL", D(2015, 7, 1), None)
    }
    assert all("260/2015" in basis for basis in moratorium.values_list("legal_basis", flat=True))


def test_cambodia_is_closed_to_every_placement():
    [policy] = CountryPolicy.objects.filter(country_id="KH")

    assert (policy.status, policy.position_category, policy.employer_type) == ("CLOSED", "ANY", "ANY")
    assert policy.valid_until is None


def test_malaysian_domestic_work_goes_only_through_the_special_channel():
    [policy] = CountryPolicy.objects.filter(country_id="MY")

    assert (policy.status, policy.position_category) == ("SPECIAL_CHANNEL", "DOMESTIC")


def test_exactly_the_ten_zero_cost_positions_and_the_seven_domestic_ones_are_marked():
    assert set(Position.objects.filter(is_zero_cost=True).values_list("code", flat=True)) == ZERO_COST
    assert set(Position.objects.filter(is_domestic=True).values_list("code", flat=True)) == DOMESTIC
    assert len(ZERO_COST) == 10


def test_every_position_code_of_the_exchange_format_exists():
    codes = set(Position.objects.values_list("code", flat=True))

    assert codes == ZERO_COST | {
        "CAREGIVER",
        "NURSE",
        "MANUFACTURING",
        "CONSTRUCTION",
        "HOSPITALITY",
        "OTHER",
    }


def test_countries_are_the_iso_3166_list_with_their_english_names():
    assert Country.objects.get(code="TW").name == "Taiwan"
    assert Country.objects.get(code="SA").name == "Saudi Arabia"
    assert Country.objects.count() > 240


def test_the_saudi_moratorium_is_in_force_from_its_first_day_and_not_the_day_before():
    [policy] = policies_on(country_code="SA", on=D(2015, 7, 1))

    assert (policy.status, policy.position_category, policy.employer_type) == (
        "MORATORIUM",
        "DOMESTIC",
        "INDIVIDUAL",
    )
    assert policies_on(country_code="SA", on=D(2015, 6, 30)) == []


def test_a_policy_given_an_end_is_in_force_through_its_last_day_only():
    policy = CountryPolicy.objects.get(country_id="SA", status="MORATORIUM")
    policy.valid_until = D(2026, 12, 31)
    country_policy_save(policy=policy)

    assert policies_on(country_code="SA", on=D(2026, 12, 31)) == [policy]
    assert policies_on(country_code="SA", on=D(2027, 1, 1)) == []


def test_a_country_without_any_policy_has_none_in_force():
    assert policies_on(country_code="TW", on=D(2026, 11, 27)) == []
