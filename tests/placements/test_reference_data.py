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

    assert "0 countries, 0 positions, 0 policies, 0 help channels created" in output
    assert counts() == before


def test_a_reload_keeps_what_officers_changed():
    policy = CountryPolicy.objects.get(country_id="SA", status="MORATORIUM")
    policy.note = "Dibuka kembali? Menunggu keputusan 2025."
    country_policy_save(policy=policy)

    load_policies()

    policy.refresh_from_db()
    assert policy.note == "Dibuka kembali? Menunggu keputusan 2025."


def test_the_moratorium_covers_21_countries_for_household_employers_in_any_position_from_july_2015():
    moratorium = CountryPolicy.objects.filter(status="MORATORIUM")

    assert set(moratorium.values_list("country_id", flat=True)) == MORATORIUM
    assert moratorium.count() == 21
    assert set(moratorium.values_list("position_category", "employer_type", "valid_from", "valid_until")) == {
        ("ANY", "INDIVIDUAL", D(2015, 7, 1), None)
    }
    assert all("260/2015" in basis for basis in moratorium.values_list("legal_basis", flat=True))


def test_the_moratorium_rows_say_that_other_sources_count_19_countries_or_name_sudan():
    sources = set(CountryPolicy.objects.filter(status="MORATORIUM").values_list("source", flat=True))

    assert len(sources) == 1
    assert {"21", "19", "Sudan"} <= set(sources.pop().replace(",", " ").replace(";", " ").split())


def test_every_policy_row_loaded_carries_its_source_legal_basis_and_start():
    rows = CountryPolicy.objects.values_list("country_id", "source", "legal_basis", "valid_from")

    assert [country for country, source, basis, start in rows if not (source and basis and start)] == []


def test_cambodia_is_closed_to_every_placement():
    [policy] = CountryPolicy.objects.filter(country_id="KH")

    assert (policy.status, policy.position_category, policy.employer_type) == ("CLOSED", "ANY", "ANY")
    assert policy.valid_until is None


@pytest.mark.parametrize("country", ["MM", "TH"])
def test_myanmar_and_thailand_are_closed_from_april_2025(country):
    assert [p.status for p in policies_on(country_code=country, on=D(2025, 4, 1))] == ["CLOSED"]
    assert policies_on(country_code=country, on=D(2025, 3, 31)) == []


def test_malaysian_domestic_work_goes_only_through_the_one_channel_system_from_april_2022():
    [policy] = CountryPolicy.objects.filter(country_id="MY")

    assert (policy.status, policy.position_category, policy.valid_from) == (
        "SPECIAL_CHANNEL",
        "DOMESTIC",
        D(2022, 4, 1),
    )


def test_the_saudi_special_channel_is_six_positions_for_legal_entity_employers_through_designated_agencies():
    [policy] = CountryPolicy.objects.filter(country_id="SA", status="SPECIAL_CHANNEL")

    assert (policy.position_category, policy.employer_type, policy.designated_only) == (
        "DOMESTIC",
        "LEGAL_ENTITY",
        True,
    )
    assert set(policy.positions.values_list("code", flat=True)) == {
        "HOUSEKEEPER", "BABYSITTER", "COOK", "ELDERLY_CARER", "FAMILY_DRIVER", "CHILD_CARER",
    }  # fmt: skip
    assert "291/2018" in policy.legal_basis


def test_zero_cost_applies_from_15_july_2021_with_its_source():
    rows = set(Position.objects.filter(is_zero_cost=True).values_list("zero_cost_from", "legal_basis"))

    assert rows == {(D(2021, 7, 15), "Perban BP2MI 9/2020")}
    assert not Position.objects.filter(is_zero_cost=True, source="").exists()


def test_exactly_the_ten_zero_cost_positions_and_the_seven_domestic_ones_are_marked():
    assert set(Position.objects.filter(is_zero_cost=True).values_list("code", flat=True)) == ZERO_COST
    assert set(Position.objects.filter(is_domestic=True).values_list("code", flat=True)) == DOMESTIC
    assert len(ZERO_COST) == 10


def test_every_position_code_of_the_exchange_format_exists():
    codes = set(Position.objects.values_list("code", flat=True))

    assert codes == ZERO_COST | {
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
        "ANY",
        "INDIVIDUAL",
    )
    assert policies_on(country_code="SA", on=D(2015, 6, 30)) == []


def test_a_policy_given_an_end_is_in_force_through_its_last_day_only():
    policy = CountryPolicy.objects.get(country_id="SA", status="MORATORIUM")
    policy.valid_until = D(2026, 12, 31)
    country_policy_save(policy=policy)

    def moratorium_on(day):
        return [p for p in policies_on(country_code="SA", on=day) if p.status == "MORATORIUM"]

    assert moratorium_on(D(2026, 12, 31)) == [policy]
    assert moratorium_on(D(2027, 1, 1)) == []


def test_a_country_without_any_policy_has_none_in_force():
    assert policies_on(country_code="TW", on=D(2026, 11, 27)) == []


def test_a_position_is_named_by_its_label_in_the_language_shown():
    from django.utils import translation

    position = Position(code="ELDERLY_CARER")
    for language in ("id", "en"):
        with translation.override(language):
            assert str(position) == str(position.get_code_display())
    assert str(Position(code="NOT_A_CODE")) == "NOT_A_CODE"
