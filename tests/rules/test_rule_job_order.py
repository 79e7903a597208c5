"""NP-JOBORDER, NP-JOBORDER-MISMATCH and NP-MANDIRI (placements/rules/licensing.py): the job order a placement
uses, its validity, quota, destination and position, and the employer of an independent placement."""

import pytest

from placements.rules import engine
from tests.rules.builders import (
    DAY,
    DEPARTURE,
    RECRUITED,
    flag_of,
    flagged,
    flags_of,
    make_job_order,
    make_placement,
)

pytestmark = pytest.mark.django_db


# NP-JOBORDER


def test_a_p2p_placement_without_a_job_order_is_flagged():
    placement = make_placement(job_order=None)

    assert flagged(placement, "NP-JOBORDER")
    assert flag_of(placement, "NP-JOBORDER").evidence == {
        "job_order_number": "",
        "job_order_valid_until": None,
        "job_order_quota": None,
        "departure_date": DEPARTURE.isoformat(),
        "agency_licence_number": placement.agency.licence_number,
        "job_order_agency": None,
    }


def test_a_government_placement_needs_no_job_order():
    placement = make_placement(agency=None, scheme="G2G", recruiter_type="GOVERNMENT")

    assert not flagged(placement, "NP-JOBORDER")


def test_a_departure_on_the_last_day_of_the_job_order_is_not_flagged():
    job_order = make_job_order(valid_until=DEPARTURE)

    assert not flagged(make_placement(job_order=job_order), "NP-JOBORDER")


def test_a_departure_the_day_after_the_job_order_expired_is_flagged():
    job_order = make_job_order(valid_until=DEPARTURE - DAY)
    placement = make_placement(job_order=job_order)

    assert flagged(placement, "NP-JOBORDER")
    assert (
        flag_of(placement, "NP-JOBORDER").evidence["job_order_valid_until"] == (DEPARTURE - DAY).isoformat()
    )


def test_a_recruitment_before_the_job_order_was_valid_is_flagged():
    job_order = make_job_order(valid_from=RECRUITED + DAY)

    assert flagged(make_placement(job_order=job_order), "NP-JOBORDER")


def test_a_recruitment_on_the_first_day_of_the_job_order_is_not_flagged():
    job_order = make_job_order(valid_from=RECRUITED)

    assert not flagged(make_placement(job_order=job_order), "NP-JOBORDER")


def fill(job_order, *recruited_dates):
    return [
        make_placement(job_order=job_order, recruited_date=recruited, documents=False)
        for recruited in recruited_dates
    ]


def job_order_flags(placements) -> list[bool]:
    engine.evaluate_placements(placement_ids=[p.pk for p in placements], rules=["NP-JOBORDER"])
    return [flags_of(p).get("NP-JOBORDER") == "OPEN" for p in placements]


def test_the_placement_taking_the_last_place_of_the_quota_is_not_flagged():
    placements = fill(make_job_order(quota=3), RECRUITED, RECRUITED, RECRUITED)

    assert job_order_flags(placements) == [False, False, False]


def test_one_placement_more_than_the_quota_is_flagged_and_only_that_one():
    placements = fill(make_job_order(quota=3), RECRUITED, RECRUITED, RECRUITED, RECRUITED)

    assert job_order_flags(placements) == [False, False, False, True]


def test_places_go_in_the_order_workers_were_recruited_not_the_order_they_were_recorded():
    placements = fill(make_job_order(quota=2), RECRUITED + 2 * DAY, RECRUITED + DAY, RECRUITED)

    assert job_order_flags(placements) == [True, False, False]


def test_workers_recruited_the_same_day_take_places_in_the_order_they_were_recorded():
    placements = fill(make_job_order(quota=1), RECRUITED, RECRUITED)

    assert job_order_flags(placements) == [False, True]


def test_a_placement_with_no_recruitment_date_takes_a_place_after_those_with_one():
    placements = fill(make_job_order(quota=1), None, RECRUITED + 30 * DAY)

    assert job_order_flags(placements) == [True, False]


def test_raising_the_quota_resolves_the_flag_of_the_placement_beyond_it():
    job_order = make_job_order(quota=1)
    placements = fill(job_order, RECRUITED, RECRUITED)
    assert job_order_flags(placements) == [False, True]

    job_order.quota = 2
    job_order.save(update_fields=["quota"])

    assert job_order_flags(placements) == [False, False]
    assert flags_of(placements[1])["NP-JOBORDER"] == "RESOLVED"


# NP-JOBORDER-MISMATCH


def test_a_destination_other_than_the_job_orders_is_flagged():
    job_order = make_job_order(country="TW", position="ELDERLY_CARER")
    placement = make_placement(job_order=job_order, destination_country_id="JP", position_id="ELDERLY_CARER")

    assert flagged(placement, "NP-JOBORDER-MISMATCH")
    assert flag_of(placement, "NP-JOBORDER-MISMATCH").evidence == {
        "destination_country": "JP",
        "job_order_country": "TW",
        "position": "ELDERLY_CARER",
        "job_order_position": "ELDERLY_CARER",
    }


def test_a_position_other_than_the_job_orders_is_flagged():
    job_order = make_job_order(country="TW", position="CAREGIVER")

    assert flagged(make_placement(job_order=job_order, position_id="NURSE"), "NP-JOBORDER-MISMATCH")


def test_a_placement_matching_its_job_order_is_not_flagged_as_mismatch():
    job_order = make_job_order(country="HK", position="HOUSEKEEPER")
    placement = make_placement(job_order=job_order, destination_country_id="HK", position_id="HOUSEKEEPER")

    assert not flagged(placement, "NP-JOBORDER-MISMATCH")


def test_a_placement_without_a_job_order_cannot_mismatch_one():
    assert not flagged(make_placement(job_order=None, destination_country_id="JP"), "NP-JOBORDER-MISMATCH")


# NP-MANDIRI


def test_an_independent_placement_with_a_household_employer_is_flagged():
    placement = make_placement(
        agency=None, scheme="MANDIRI", recruiter_type="EMPLOYER", employer_type="INDIVIDUAL"
    )

    assert flagged(placement, "NP-MANDIRI")
    assert flag_of(placement, "NP-MANDIRI").evidence == {"scheme": "MANDIRI", "employer_type": "INDIVIDUAL"}


def test_an_independent_placement_with_a_legal_entity_employer_is_not_flagged():
    placement = make_placement(agency=None, scheme="MANDIRI", recruiter_type="EMPLOYER")

    assert not flagged(placement, "NP-MANDIRI")


def test_a_p2p_placement_with_a_household_employer_is_not_a_mandiri_case():
    assert not flagged(make_placement(employer_type="INDIVIDUAL"), "NP-MANDIRI")
