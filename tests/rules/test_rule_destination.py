"""NP-DESTINATION, NP-MORATORIUM, NP-VISA and NP-EXIT (placements/rules/destination.py): where and how the
worker goes. Country policies are policy data (loaded once per session by load_policies) read as of the
departure date."""

import pytest

from placements.models import CountryPolicy
from placements.rules.destination import NON_WORK_VISAS
from placements.services import special_channel_designate
from tests.rules.builders import DAY, D, flag_of, flagged, make_agency, make_placement, make_policy

pytestmark = pytest.mark.django_db

MORATORIUM_FROM = D(2015, 7, 1)
HOUSEHOLD_DEPARTURE = D(2026, 6, 1)


def placement_to(country: str, **fields):
    """A placement to `country` without a job order (so no mismatch with one)."""
    return make_placement(job_order=None, destination_country_id=country, **fields)


def household_placement(country: str = "SA", departure_date=HOUSEHOLD_DEPARTURE, **fields):
    values = {"position_id": "HOUSEKEEPER", "employer_type": "INDIVIDUAL", "departure_date": departure_date,
              "recruited_date": departure_date - 60 * DAY, "opp_date": departure_date - 7 * DAY, **fields}  # fmt: skip
    return placement_to(country, **values)


# NP-DESTINATION


def test_a_placement_to_cambodia_is_flagged_as_a_closed_destination():
    placement = placement_to("KH", position_id="OTHER")

    assert flagged(placement, "NP-DESTINATION")
    flag = flag_of(placement, "NP-DESTINATION")
    assert flag.evidence == {"destination_country": "KH", "departure_date": "2026-05-04"}
    assert flag.severity == "C"


def test_a_placement_to_an_open_country_is_not_flagged():
    assert not flagged(placement_to("TW"), "NP-DESTINATION")


def test_a_closure_that_ended_before_departure_does_not_apply():
    make_policy("LA", "CLOSED", D(2010, 1, 1), valid_until=D(2020, 12, 31))

    assert not flagged(placement_to("LA"), "NP-DESTINATION")


def test_a_closure_applies_on_its_last_day():
    make_policy("LA", "CLOSED", D(2010, 1, 1), valid_until=D(2026, 5, 4))

    assert flagged(placement_to("LA", departure_date=D(2026, 5, 4)), "NP-DESTINATION")


def test_a_closure_does_not_apply_the_day_after_it_ended():
    make_policy("LA", "CLOSED", D(2010, 1, 1), valid_until=D(2026, 5, 3))

    assert not flagged(placement_to("LA", departure_date=D(2026, 5, 4)), "NP-DESTINATION")


def test_a_closure_that_starts_after_departure_does_not_apply():
    make_policy("LA", "CLOSED", D(2026, 5, 5))

    assert not flagged(placement_to("LA", departure_date=D(2026, 5, 4)), "NP-DESTINATION")


def test_a_closure_of_domestic_work_only_leaves_other_positions_open():
    make_policy("LA", "CLOSED", D(2020, 1, 1), position_category="DOMESTIC")

    assert flagged(placement_to("LA", position_id="HOUSEKEEPER"), "NP-DESTINATION")
    assert not flagged(placement_to("LA", position_id="MANUFACTURING"), "NP-DESTINATION")


def test_a_special_channel_is_not_a_closed_destination():
    # Malaysian domestic work goes through the One Channel System: a policy, but not a closure.
    assert not flagged(household_placement("MY", employer_type="LEGAL_ENTITY"), "NP-DESTINATION")


def test_the_destination_rule_waits_for_a_departure_date():
    assert not flagged(placement_to("KH", departure_date=None, phase="PRA"), "NP-DESTINATION")


# NP-MORATORIUM


def test_a_household_domestic_worker_leaving_the_day_the_moratorium_started_is_flagged():
    placement = household_placement("SA", departure_date=MORATORIUM_FROM)

    assert flagged(placement, "NP-MORATORIUM")
    assert flag_of(placement, "NP-MORATORIUM").evidence == {
        "destination_country": "SA",
        "position": "HOUSEKEEPER",
        "employer_type": "INDIVIDUAL",
        "household_assumed": False,
        "departure_date": "2015-07-01",
    }


def test_a_household_domestic_worker_who_left_the_day_before_the_moratorium_is_not_flagged():
    assert not flagged(household_placement("SA", departure_date=MORATORIUM_FROM - DAY), "NP-MORATORIUM")


@pytest.mark.parametrize("country", ["AE", "QA", "JO", "KW"])
def test_the_moratorium_covers_the_other_middle_east_countries_too(country):
    assert flagged(household_placement(country), "NP-MORATORIUM")


def test_a_domestic_worker_with_a_legal_entity_employer_is_not_under_the_moratorium():
    assert not flagged(household_placement("SA", employer_type="LEGAL_ENTITY"), "NP-MORATORIUM")


def test_a_household_caregiver_in_saudi_arabia_is_under_the_moratorium():
    # "Caregiver" for an elderly person at home is the elderly carer (domain.md §9).
    placement = household_placement("SA", position_id="CAREGIVER")

    assert flagged(placement, "NP-MORATORIUM")
    assert flag_of(placement, "NP-MORATORIUM").evidence["position"] == "ELDERLY_CARER"


def test_a_household_domestic_worker_outside_the_moratorium_countries_is_not_flagged():
    assert not flagged(household_placement("HK"), "NP-MORATORIUM")


def test_a_moratorium_lifted_before_departure_does_not_apply():
    make_policy("LA", "MORATORIUM", D(2015, 7, 1), valid_until=D(2025, 12, 31),
                position_category="DOMESTIC", employer_type="INDIVIDUAL")  # fmt: skip

    assert not flagged(household_placement("LA"), "NP-MORATORIUM")
    assert flagged(household_placement("LA", departure_date=D(2025, 12, 31)), "NP-MORATORIUM")


def test_a_household_employer_in_any_position_is_under_the_moratorium():
    assert flagged(household_placement("SA", position_id="NURSE"), "NP-MORATORIUM")
    assert flagged(household_placement("KW", position_id="CONSTRUCTION"), "NP-MORATORIUM")


def test_a_domestic_position_with_no_employer_type_counts_as_household_and_the_evidence_says_so():
    placement = household_placement("KW", employer_type="")

    assert flagged(placement, "NP-MORATORIUM")
    evidence = flag_of(placement, "NP-MORATORIUM").evidence
    assert (evidence["employer_type"], evidence["household_assumed"]) == ("", True)


def test_a_non_domestic_position_with_no_employer_type_is_not_assumed_household():
    assert not flagged(
        household_placement("KW", position_id="CONSTRUCTION", employer_type=""), "NP-MORATORIUM"
    )


def test_a_household_placement_inside_a_special_channel_that_allows_it_is_not_under_the_moratorium():
    agency = make_agency()
    channel = make_policy("KW", "SPECIAL_CHANNEL", D(2020, 1, 1), position_category="DOMESTIC",
                          employer_type="ANY", designated_only=True)  # fmt: skip
    special_channel_designate(policy=channel, agencies=[agency])

    assert not flagged(household_placement("KW", agency=agency), "NP-MORATORIUM")
    assert flagged(household_placement("KW"), "NP-MORATORIUM")


# NP-SPECIAL-CHANNEL

SPSK_DEPARTURE = D(2026, 6, 1)


def designated_agency():
    agency = make_agency(name="PT Kanal Satu")
    [spsk] = CountryPolicy.objects.filter(country_id="SA", status="SPECIAL_CHANNEL")
    special_channel_designate(policy=spsk, agencies=[agency])
    return agency


def saudi_placement(agency=None, **fields):
    values = {
        "position_id": "COOK",
        "employer_type": "LEGAL_ENTITY",
        "departure_date": SPSK_DEPARTURE,
        **fields,
    }
    return placement_to("SA", agency=agency or make_agency(), **values)


def test_a_saudi_domestic_placement_through_a_designated_agency_with_a_syarikah_is_inside_spsk():
    placement = saudi_placement(designated_agency())

    assert not flagged(placement, "NP-SPECIAL-CHANNEL")
    assert not flagged(placement, "NP-MORATORIUM")


def test_a_saudi_domestic_placement_through_an_agency_not_designated_is_flagged():
    placement = saudi_placement()

    assert flagged(placement, "NP-SPECIAL-CHANNEL")
    flag = flag_of(placement, "NP-SPECIAL-CHANNEL")
    assert flag.severity == "C"
    assert flag.evidence["agency_licence_number"] == placement.agency.licence_number
    assert "291/2018" in flag.evidence["channel"]


def test_a_saudi_household_employer_is_outside_spsk_even_through_a_designated_agency():
    placement = saudi_placement(designated_agency(), employer_type="INDIVIDUAL")

    assert flagged(placement, "NP-SPECIAL-CHANNEL")
    assert flagged(placement, "NP-MORATORIUM")


def test_a_saudi_domestic_position_not_among_the_six_is_outside_spsk():
    assert flagged(saudi_placement(designated_agency(), position_id="GARDENER"), "NP-SPECIAL-CHANNEL")


@pytest.mark.parametrize(
    "position", ["HOUSEKEEPER", "BABYSITTER", "COOK", "ELDERLY_CARER", "FAMILY_DRIVER", "CHILD_CARER"]
)
def test_each_of_the_six_spsk_positions_is_inside_the_channel(position):
    assert not flagged(saudi_placement(designated_agency(), position_id=position), "NP-SPECIAL-CHANNEL")


def test_a_saudi_placement_outside_domestic_work_needs_no_special_channel():
    assert not flagged(saudi_placement(position_id="CONSTRUCTION"), "NP-SPECIAL-CHANNEL")


def test_malaysian_domestic_work_without_an_agency_is_outside_the_one_channel_system():
    placement = placement_to("MY", agency=None, scheme="MANDIRI", position_id="HOUSEKEEPER",
                             departure_date=D(2022, 4, 1))  # fmt: skip

    assert flagged(placement, "NP-SPECIAL-CHANNEL")


def test_malaysian_domestic_work_before_the_one_channel_system_is_not_flagged():
    placement = placement_to("MY", agency=None, scheme="MANDIRI", position_id="HOUSEKEEPER",
                             departure_date=D(2022, 3, 31))  # fmt: skip

    assert not flagged(placement, "NP-SPECIAL-CHANNEL")


def test_malaysian_domestic_work_through_an_agency_is_inside_the_one_channel_system():
    assert not flagged(placement_to("MY", position_id="HOUSEKEEPER"), "NP-SPECIAL-CHANNEL")


# NP-DESTINATION: the April 2025 closures


@pytest.mark.parametrize("country", ["TH", "MM", "KH"])
def test_a_placement_to_a_country_closed_in_april_2025_is_flagged(country):
    assert flagged(
        placement_to(country, position_id="HOSPITALITY", departure_date=D(2025, 5, 2)), "NP-DESTINATION"
    )


def test_a_placement_to_thailand_before_april_2025_is_not_flagged():
    placement = placement_to("TH", position_id="HOSPITALITY", departure_date=D(2025, 3, 31))

    assert not flagged(placement, "NP-DESTINATION")


# NP-VISA


@pytest.mark.parametrize("visa_type", NON_WORK_VISAS)
def test_each_non_work_visa_is_flagged(visa_type):
    placement = make_placement(visa_type=visa_type)

    assert flagged(placement, "NP-VISA")
    assert flag_of(placement, "NP-VISA").evidence == {"visa_type": str(visa_type)}


def test_the_non_work_visas_are_the_five_of_the_rule_table():
    assert sorted(NON_WORK_VISAS) == ["SELF_EMPLOYED", "STUDENT", "TOURIST", "UMRAH", "VISIT"]


def test_a_work_visa_is_not_flagged():
    assert not flagged(make_placement(visa_type="WORK"), "NP-VISA")


def test_an_unknown_visa_type_is_not_flagged_as_a_wrong_one():
    assert not flagged(make_placement(visa_type=""), "NP-VISA")


# NP-EXIT


def test_a_departure_through_an_unofficial_exit_point_is_flagged():
    placement = make_placement(exit_point="Pelabuhan tikus Dumai", official_exit=False)

    assert flagged(placement, "NP-EXIT")
    assert flag_of(placement, "NP-EXIT").evidence == {
        "exit_point": "Pelabuhan tikus Dumai",
        "official_exit": False,
    }
    assert flag_of(placement, "NP-EXIT").severity == "C"


def test_a_departure_through_an_official_checkpoint_is_not_flagged():
    assert not flagged(make_placement(official_exit=True), "NP-EXIT")


def test_an_exit_point_not_yet_known_is_not_flagged():
    assert not flagged(make_placement(exit_point="", official_exit=None), "NP-EXIT")
