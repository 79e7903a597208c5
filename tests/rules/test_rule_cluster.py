"""NP-CLUSTER (placements/rules/licensing.py): five or more workers of one village recruited by one contact
within 30 days without a P3MI, complaints naming the contact included."""

import datetime

import pytest
import time_machine

from complaints.models import Complaint
from complaints.services import complaint_file
from placements.rules import engine
from tests.rules.builders import (
    DAY,
    D,
    flag_of,
    flagged,
    flags_of,
    make_agency,
    make_job_order,
    make_placement,
    make_worker,
)

pytestmark = pytest.mark.django_db

LONG_GRANT = ("ISSUED", D(2023, 1, 10), D(2028, 1, 9))


def placement_with_licence(*events, **fields):
    return make_placement(agency=make_agency(events=events), **fields)


# NP-CLUSTER

PHONE = "081399900002"
JULY = D(2026, 7, 1)


def recruit(days, *, village="18.07.02.2001", agency=None, phone=PHONE, workers=None):
    """One placement per day offset, each a new worker of `village` unless `workers` are given, recruited by
    one contact (`phone`) without an agency unless one is given."""
    placements = []
    for n, offset in enumerate(days):
        worker = workers[n] if workers else make_worker(village=village)
        placements.append(
            make_placement(
                worker,
                agency=agency,
                job_order=None,
                recruiter_type="INDIVIDUAL",
                recruiter_name="Bu Sari",
                recruiter_phone=phone,
                recruited_date=JULY + offset * DAY,
                departure_date=D(2026, 12, 20),
                phase="PRA",
            )
        )
    return placements


def cluster_flags(placements) -> list[bool]:
    engine.evaluate_placements(placement_ids=[p.pk for p in placements], rules=["NP-CLUSTER"])
    return [flags_of(p).get("NP-CLUSTER") == "OPEN" for p in placements]


def test_five_workers_of_one_village_recruited_by_one_contact_within_30_days_are_all_flagged():
    placements = recruit([0, 7, 14, 21, 29])

    assert cluster_flags(placements) == [True] * 5
    assert flag_of(placements[4], "NP-CLUSTER").evidence == {
        "village_code": "18.07.02.2001",
        "recruiter_phone": PHONE,
        "recruited_date": "2026-07-30",
    }
    assert flag_of(placements[0], "NP-CLUSTER").severity == "M"


def test_four_workers_are_not_a_cluster():
    assert cluster_flags(recruit([0, 1, 2, 3])) == [False] * 4


def test_five_workers_spread_over_31_days_are_not_a_cluster():
    assert cluster_flags(recruit([0, 7, 14, 21, 30])) == [False] * 5


def test_workers_recruited_after_the_groups_window_are_not_flagged_with_it():
    placements = recruit([0, 5, 10, 15, 29, 35, 45])

    assert cluster_flags(placements) == [True] * 5 + [False, False]


def test_five_workers_recruited_through_an_agency_are_not_a_cluster():
    assert cluster_flags(recruit([0, 1, 2, 3, 4], agency=make_agency())) == [False] * 5


def test_five_placements_of_only_four_distinct_workers_are_not_a_cluster():
    workers = [make_worker(village="18.07.02.2001") for _ in range(4)]

    assert cluster_flags(recruit([0, 1, 2, 3, 4], workers=[*workers, workers[0]])) == [False] * 5


def test_five_workers_of_two_villages_are_not_a_cluster():
    placements = recruit([0, 1, 2]) + recruit([3, 4], village="18.07.01.2001")

    assert cluster_flags(placements) == [False] * 5


def test_five_workers_of_two_recruiter_contacts_are_not_a_cluster():
    placements = recruit([0, 1, 2]) + recruit([3, 4], phone="081300000000")

    assert cluster_flags(placements) == [False] * 5


def test_a_job_order_of_another_agency_is_flagged():
    other_agencys = make_job_order(agency=make_agency(name="PT Lain"))
    placement = make_placement(agency=make_agency(), job_order=other_agencys)

    assert flagged(placement, "NP-JOBORDER")
    evidence = flag_of(placement, "NP-JOBORDER").evidence
    assert (evidence["agency_licence_number"], evidence["job_order_agency"]) == (
        placement.agency.licence_number,
        other_agencys.agency.licence_number,
    )


def test_a_job_order_without_the_placements_agency_on_record_is_flagged():
    placement = make_placement(agency=None, job_order=make_job_order(), recruiter_type="INDIVIDUAL")

    assert flagged(placement, "NP-JOBORDER")


def test_the_agencys_own_job_order_is_not_flagged_as_another_agencys():
    assert not flagged(make_placement(), "NP-JOBORDER")


def complain_about(phone: str, *, village: str = "18.07.02.2001", on: datetime.date = JULY, worker=None):
    complaint, _code = complaint_file(
        category="ILLEGAL_RECRUITMENT", phase="PRA", description="Direkrut calo tanpa P3MI.", anonymous=True,
        village_code=village, recruiter_phone=phone,
    )  # fmt: skip
    moment = datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC)
    Complaint.objects.filter(pk=complaint.pk).update(created_at=moment, worker=worker)
    return complaint


def test_complaints_naming_the_recruiter_phone_in_the_village_count_towards_a_cluster():
    placements = recruit([0, 7, 14])
    complain_about(PHONE, on=JULY + 20 * DAY)
    complain_about(PHONE, on=JULY + 25 * DAY)

    assert cluster_flags(placements) == [True] * 3


def test_a_complaint_can_open_the_window_of_a_cluster():
    complain_about(PHONE, on=JULY - 5 * DAY)
    complain_about(PHONE, on=JULY - 4 * DAY)

    assert cluster_flags(recruit([0, 5, 10])) == [True] * 3


def test_complaints_from_another_village_or_outside_the_window_do_not_count():
    placements = recruit([0, 7, 14])
    complain_about(PHONE, village="18.07.01.2001", on=JULY + 2 * DAY)
    complain_about(PHONE, on=JULY + 60 * DAY)

    assert cluster_flags(placements) == [False] * 3


def test_a_complaint_by_a_worker_already_counted_does_not_count_twice():
    placements = recruit([0, 7, 14, 21])
    complain_about(PHONE, on=JULY + 22 * DAY, worker=placements[0].worker)

    assert cluster_flags(placements) == [False] * 4


def test_filing_a_complaint_naming_the_recruiter_evaluates_the_cluster(django_capture_on_commit_callbacks):
    placements = recruit([0, 7, 14, 21])
    engine.evaluate_placements(placement_ids=[p.pk for p in placements])

    with time_machine.travel(datetime.datetime(2026, 7, 25, 10, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            complaint_file(category="ILLEGAL_RECRUITMENT", phase="PRA", description="Calo yang sama.",
                           anonymous=True, village_code="18.07.02.2001", recruiter_phone=PHONE)  # fmt: skip

    assert [flags_of(p).get("NP-CLUSTER") for p in placements] == ["OPEN"] * 4
