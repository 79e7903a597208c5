"""NP-RETRO (placements/rules/aftercare.py): a return, or a complaint, for a person with no procedural
placement on record."""

import pytest

from complaints.models import Complaint
from complaints.services import complaint_file
from placements.services import placement_record_return
from tests.rules.builders import DAY, DEPARTURE, D, flag_of, flagged, make_placement, make_worker

pytestmark = pytest.mark.django_db

RETURNED = D(2026, 8, 14)


def returned(placement, reason="DEPORTED"):
    placement_record_return(placement=placement, return_date=RETURNED, reason=reason)
    placement.refresh_from_db()
    return placement


def irregular_placement(worker=None, **fields):
    """Left through a sponsor on a visit visa: no agency, no job order."""
    values = {"agency": None, "recruiter_type": "INDIVIDUAL", "visa_type": "VISIT", "phase": "MASA", **fields}
    return make_placement(worker, **values)


def test_a_deported_worker_with_no_procedural_placement_is_flagged():
    placement = returned(irregular_placement())

    assert flagged(placement, "NP-RETRO")
    flag = flag_of(placement, "NP-RETRO")
    assert (flag.evidence["return_date"], flag.evidence["return_reason"]) == ("2026-08-14", "DEPORTED")
    assert flag.severity == "H"


def test_a_worker_who_has_not_returned_is_not_flagged_after_the_fact():
    assert not flagged(irregular_placement(), "NP-RETRO")


def test_a_return_from_a_procedural_p2p_placement_is_not_flagged():
    assert not flagged(returned(make_placement(), reason="CONTRACT_END"), "NP-RETRO")


def test_a_worker_who_also_has_a_procedural_p2p_placement_is_not_flagged():
    worker = make_worker()
    make_placement(worker, departure_date=D(2022, 3, 1), recruited_date=D(2022, 1, 3), phase="PURNA")
    placement = returned(irregular_placement(worker))

    assert not flagged(placement, "NP-RETRO")


def test_a_worker_whose_other_p2p_placement_had_no_job_order_is_flagged():
    worker = make_worker()
    make_placement(worker, job_order=None)
    placement = returned(irregular_placement(worker))

    assert flagged(placement, "NP-RETRO")


def test_a_worker_whose_other_placement_was_on_a_visit_visa_is_flagged():
    worker = make_worker()
    make_placement(worker, visa_type="VISIT")
    placement = returned(irregular_placement(worker))

    assert flagged(placement, "NP-RETRO")


@pytest.mark.parametrize("scheme", ["G2G", "G2P", "UKPS"])
def test_a_return_from_a_government_or_company_scheme_is_not_flagged(scheme):
    placement = returned(make_placement(agency=None, scheme=scheme, recruiter_type="GOVERNMENT"))

    assert not flagged(placement, "NP-RETRO")


def test_a_return_from_an_independent_placement_with_a_legal_entity_employer_is_not_flagged():
    placement = make_placement(
        agency=None, scheme="MANDIRI", recruiter_type="EMPLOYER", employer_type="LEGAL_ENTITY"
    )

    assert not flagged(returned(placement, reason="CONTRACT_END"), "NP-RETRO")


def test_a_return_from_an_independent_placement_with_a_household_employer_is_flagged():
    placement = make_placement(
        agency=None, scheme="MANDIRI", recruiter_type="EMPLOYER", employer_type="INDIVIDUAL"
    )

    assert flagged(returned(placement), "NP-RETRO")


def test_recording_the_procedural_placement_later_resolves_the_flag():
    worker = make_worker()
    placement = returned(irregular_placement(worker))
    assert flagged(placement, "NP-RETRO")

    make_placement(worker, departure_date=DEPARTURE + 400 * DAY, phase="PRA")

    assert not flagged(placement, "NP-RETRO")


def complain_about(placement) -> Complaint:
    """A complaint from the public, linked to the placement by an officer (no service links them yet)."""
    complaint, _code = complaint_file(
        category="UNPAID_WAGES", phase="MASA", description="Gaji tidak dibayar tiga bulan.", anonymous=True
    )
    Complaint.objects.filter(pk=complaint.pk).update(placement=placement, worker=placement.worker)
    return complaint


def test_a_complaint_about_a_placement_with_no_procedural_route_is_flagged():
    placement = irregular_placement()
    complain_about(placement)

    assert flagged(placement, "NP-RETRO")
    assert flag_of(placement, "NP-RETRO").evidence["complaints"] == 1
    assert flag_of(placement, "NP-RETRO").evidence["return_date"] is None


def test_a_complaint_about_a_procedural_placement_is_not_flagged():
    placement = make_placement()
    complain_about(placement)

    assert not flagged(placement, "NP-RETRO")
