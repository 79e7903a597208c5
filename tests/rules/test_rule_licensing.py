"""NP-RECRUITER, NP-AGENCY-UNLICENSED, NP-AGENCY-LICENCE, NP-JOBORDER, NP-JOBORDER-MISMATCH and NP-MANDIRI
(placements/rules/licensing.py): who recruited the worker and under which permits."""

import pytest

from placements.rules import engine
from placements.selectors import agency_licence_on
from tests.rules.builders import (
    DAY,
    DEPARTURE,
    RECRUITED,
    D,
    flag_of,
    flagged,
    flags_of,
    make_agency,
    make_job_order,
    make_placement,
    record_licence,
)

pytestmark = pytest.mark.django_db

LONG_GRANT = ("ISSUED", D(2023, 1, 10), D(2028, 1, 9))


def placement_with_licence(*events, **fields):
    return make_placement(agency=make_agency(events=events), **fields)


# NP-RECRUITER


def test_a_p2p_placement_recruited_by_an_individual_without_an_agency_is_flagged():
    placement = make_placement(agency=None, recruiter_type="INDIVIDUAL", recruiter_name="Pak Darto")

    assert flagged(placement, "NP-RECRUITER")
    assert flag_of(placement, "NP-RECRUITER").evidence == {
        "scheme": "P2P",
        "recruiter_type": "INDIVIDUAL",
        "agency_licence_number": "",
    }
    assert flag_of(placement, "NP-RECRUITER").severity == "C"


def test_an_individual_recruiter_under_a_unknown_licence_number_is_still_without_an_agency():
    placement = make_placement(
        agency=None, recruiter_type="INDIVIDUAL", agency_licence_number="KEP.999/PALSU"
    )

    assert flagged(placement, "NP-RECRUITER")


def test_an_individual_sponsor_working_for_a_licensed_agency_is_not_flagged_as_recruiter():
    placement = make_placement(recruiter_type="INDIVIDUAL")

    assert not flagged(placement, "NP-RECRUITER")


def test_an_individual_recruiter_in_a_government_scheme_is_not_a_p2p_recruiter_case():
    placement = make_placement(agency=None, scheme="G2G", recruiter_type="INDIVIDUAL")

    assert not flagged(placement, "NP-RECRUITER")


# NP-AGENCY-UNLICENSED


def test_a_p2p_placement_under_an_unknown_licence_number_is_flagged_as_unlicensed():
    placement = make_placement(
        agency=None, agency_licence_number="KEP.999/TIDAK/ADA", recruiter_type="AGENCY"
    )
    engine.evaluate_placements(placement_ids=[placement.pk])

    assert flags_of(placement)["NP-AGENCY-UNLICENSED"] == "OPEN"
    assert flag_of(placement, "NP-AGENCY-UNLICENSED").evidence == {
        "agency_licence_number": "KEP.999/TIDAK/ADA"
    }
    assert "NP-AGENCY-LICENCE" not in flags_of(placement)


def test_an_agency_on_record_with_no_licence_event_is_flagged_as_unlicensed_not_as_expired():
    placement = make_placement(agency=make_agency(events=()))
    engine.evaluate_placements(placement_ids=[placement.pk])

    assert flags_of(placement)["NP-AGENCY-UNLICENSED"] == "OPEN"
    assert "NP-AGENCY-LICENCE" not in flags_of(placement)


def test_an_agency_with_a_licence_on_record_is_not_flagged_as_unlicensed():
    assert not flagged(make_placement(), "NP-AGENCY-UNLICENSED")


def test_a_government_placement_needs_no_agency_licence():
    placement = make_placement(agency=None, scheme="G2G", recruiter_type="GOVERNMENT")

    assert not flagged(placement, "NP-AGENCY-UNLICENSED")


# NP-AGENCY-LICENCE


def test_a_licence_that_expired_the_day_before_departure_is_flagged():
    placement = placement_with_licence(("ISSUED", D(2023, 1, 10), DEPARTURE - DAY))

    assert flagged(placement, "NP-AGENCY-LICENCE")
    flag = flag_of(placement, "NP-AGENCY-LICENCE")
    assert flag.evidence == {
        "agency_licence_number": placement.agency_licence_number,
        "recruited_date": RECRUITED.isoformat(),
        "departure_date": DEPARTURE.isoformat(),
    }
    assert flag.severity == "C"


def test_a_licence_valid_until_the_departure_day_is_not_flagged():
    placement = placement_with_licence(("ISSUED", D(2023, 1, 10), DEPARTURE))

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_licence_issued_after_the_recruitment_day_is_flagged():
    placement = placement_with_licence(("ISSUED", RECRUITED + DAY, D(2028, 1, 1)))

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_a_licence_issued_on_the_recruitment_day_is_not_flagged():
    placement = placement_with_licence(("ISSUED", RECRUITED, D(2028, 1, 1)))

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_licence_expired_on_recruitment_and_renewed_before_departure_is_flagged():
    placement = placement_with_licence(
        ("ISSUED", D(2021, 1, 1), RECRUITED - DAY), ("RENEWED", RECRUITED + 10 * DAY, D(2030, 1, 1))
    )

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_a_licence_renewed_without_a_gap_is_not_flagged():
    placement = placement_with_licence(
        ("ISSUED", D(2021, 1, 1), RECRUITED + 10 * DAY), ("RENEWED", RECRUITED + 11 * DAY, D(2030, 1, 1))
    )

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_licence_suspended_on_the_departure_day_is_flagged():
    placement = placement_with_licence(LONG_GRANT, ("SUSPENDED", DEPARTURE, None))

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_a_suspension_that_starts_the_day_after_departure_is_not_flagged():
    placement = placement_with_licence(LONG_GRANT, ("SUSPENDED", DEPARTURE + DAY, None))

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_suspension_that_ended_before_recruitment_is_not_flagged():
    placement = placement_with_licence(LONG_GRANT, ("SUSPENDED", D(2025, 6, 1), RECRUITED - DAY))

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_suspension_that_ends_on_the_recruitment_day_is_flagged():
    placement = placement_with_licence(LONG_GRANT, ("SUSPENDED", D(2025, 6, 1), RECRUITED))

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_a_revoked_licence_is_flagged():
    placement = placement_with_licence(LONG_GRANT, ("REVOKED", DEPARTURE, None))

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_a_revocation_after_departure_does_not_flag_an_earlier_placement():
    placement = placement_with_licence(LONG_GRANT, ("REVOKED", DEPARTURE + DAY, None))

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_suspension_lifted_before_recruitment_is_not_flagged():
    placement = placement_with_licence(
        LONG_GRANT, ("SUSPENDED", D(2025, 6, 1), None), ("REINSTATED", RECRUITED - DAY, None)
    )

    assert not flagged(placement, "NP-AGENCY-LICENCE")


def test_a_suspension_lifted_only_after_recruitment_is_flagged():
    placement = placement_with_licence(
        LONG_GRANT, ("SUSPENDED", D(2025, 6, 1), None), ("REINSTATED", RECRUITED + DAY, None)
    )

    assert flagged(placement, "NP-AGENCY-LICENCE")


def test_the_licence_rule_resolves_when_the_missing_renewal_is_recorded():
    placement = placement_with_licence(("ISSUED", D(2021, 1, 1), DEPARTURE - DAY))
    assert flagged(placement, "NP-AGENCY-LICENCE")

    record_licence(placement.agency, "RENEWED", DEPARTURE, D(2031, 1, 1))

    assert not flagged(placement, "NP-AGENCY-LICENCE")
    assert flags_of(placement)["NP-AGENCY-LICENCE"] == "RESOLVED"


# Python (public check) and SQL (rule) read one licence history the same way: the disagreements below are
# histories where they do not. Each asserts agreement, whichever way the fix goes.


def agrees_on(placement) -> bool:
    state = agency_licence_on(agency=placement.agency, on=placement.departure_date)
    return flagged(placement, "NP-AGENCY-LICENCE") == (state.status != "VALID")


def test_a_renewal_that_shortens_the_licence_is_read_alike_by_the_public_check_and_the_rule():
    placement = placement_with_licence(
        ("ISSUED", D(2021, 1, 1), D(2030, 1, 1)),
        ("RENEWED", D(2025, 1, 1), DEPARTURE - DAY),
        recruited_date=D(2024, 12, 1),
    )

    assert agency_licence_on(agency=placement.agency, on=DEPARTURE).status == "EXPIRED"
    assert agrees_on(placement)


def test_a_second_suspension_is_read_alike_by_the_public_check_and_the_rule():
    placement = placement_with_licence(
        LONG_GRANT,
        ("SUSPENDED", D(2025, 3, 1), None),
        ("SUSPENDED", D(2025, 4, 1), D(2025, 5, 1)),
    )

    assert agrees_on(placement)


def test_a_suspension_recorded_after_a_reinstatement_on_the_same_day_holds():
    placement = placement_with_licence(
        LONG_GRANT,
        ("SUSPENDED", D(2025, 3, 1), None),
        ("REINSTATED", D(2025, 9, 1), None),
        ("SUSPENDED", D(2025, 9, 1), None),
    )

    assert agency_licence_on(agency=placement.agency, on=DEPARTURE).status == "SUSPENDED"
    assert flagged(placement, "NP-AGENCY-LICENCE")


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
