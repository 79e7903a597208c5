"""NP-RECRUITER, NP-AGENCY-UNLICENSED and NP-AGENCY-LICENCE (placements/rules/licensing.py): who recruited the
worker and under which licence. The job-order rules are in test_rule_job_order.py."""

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
