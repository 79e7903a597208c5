"""NP-AGE and NP-NIK (placements/rules/identity.py): who the worker is."""

import io

import pytest
from django.core.management import call_command

from placements.models import Placement
from placements.rules import RULES
from tests.rules.builders import (
    D,
    evaluate,
    flag_of,
    flagged,
    flags_of,
    give_documents,
    make_agency,
    make_job_order,
    make_nik,
    make_placement,
    make_worker,
    update_placement,
)

pytestmark = pytest.mark.django_db

DEPARTS = D(2026, 5, 10)


def placement_of_worker_born(birth_date, departure_date=DEPARTS, **fields):
    worker = make_worker(birth_date=birth_date)
    give_documents(worker)
    return make_placement(worker, departure_date=departure_date, opp_date=D(2026, 1, 5), **fields)


def test_a_clean_placement_on_the_legal_route_raises_no_flag_at_all():
    placement = make_placement()

    evaluate(placement)

    assert flags_of(placement) == {}


def test_a_worker_who_turns_18_on_the_departure_day_is_not_flagged():
    placement = placement_of_worker_born(D(2008, 5, 10))

    assert not flagged(placement, "NP-AGE")


def test_a_worker_who_turns_18_the_day_after_departure_is_flagged_as_under_age():
    placement = placement_of_worker_born(D(2008, 5, 11))

    assert flagged(placement, "NP-AGE")
    flag = flag_of(placement, "NP-AGE")
    assert (flag.severity, flag.rule_version) == ("C", RULES["NP-AGE"].version)
    assert flag.evidence == {"birth_date": "2008-05-11", "departure_date": "2026-05-10"}


def test_a_worker_who_turned_18_on_new_years_eve_may_leave_on_new_years_day():
    placement = placement_of_worker_born(D(2007, 12, 31), departure_date=D(2026, 1, 1))

    assert not flagged(placement, "NP-AGE")


def test_a_worker_who_turns_18_on_new_years_day_is_flagged_on_new_years_eve():
    placement = placement_of_worker_born(D(2008, 1, 1), departure_date=D(2025, 12, 31))

    assert flagged(placement, "NP-AGE")


def test_a_worker_born_on_29_february_is_still_17_on_28_february_of_a_common_year():
    placement = placement_of_worker_born(D(2008, 2, 29), departure_date=D(2026, 2, 28))

    assert flagged(placement, "NP-AGE")


def test_a_worker_born_on_29_february_is_18_on_1_march_of_a_common_year():
    placement = placement_of_worker_born(D(2008, 2, 29), departure_date=D(2026, 3, 1))

    assert not flagged(placement, "NP-AGE")


def test_the_age_rule_waits_for_a_departure_date():
    placement = placement_of_worker_born(D(2012, 1, 1), departure_date=None, phase="PRA")

    assert not flagged(placement, "NP-AGE")
    update_placement(placement, departure_date=D(2026, 1, 6))
    assert flagged(placement, "NP-AGE")


def test_a_nik_whose_birth_date_disagrees_with_the_declared_one_is_flagged():
    nik = make_nik(birth_date=D(1996, 8, 12), serial=41)  # the NIK says the 12th
    worker = make_worker(birth_date=D(1996, 8, 13), nik=nik)
    give_documents(worker)
    placement = make_placement(worker)

    assert worker.nik_issue == "BIRTH_DATE"
    assert flagged(placement, "NP-NIK")
    assert flag_of(placement, "NP-NIK").evidence == {
        "nik_problem": "BIRTH_DATE",
        "declared_sex": "F",
        "declared_birth_date": "1996-08-13",
    }
    assert flag_of(placement, "NP-NIK").severity == "H"


def test_a_nik_that_encodes_the_other_sex_is_flagged():
    worker = make_worker(sex="M", nik=make_nik(sex="F", serial=42))
    placement = make_placement(worker, documents=False)

    assert flagged(placement, "NP-NIK")
    assert flag_of(placement, "NP-NIK").evidence["nik_problem"] == "SEX"


def test_a_nik_that_agrees_with_the_declared_data_is_not_flagged():
    worker = make_worker(sex="M", birth_date=D(1990, 1, 5), nik=make_nik(sex="M", birth_date=D(1990, 1, 5)))
    placement = make_placement(worker, documents=False)

    assert worker.nik_issue == ""
    assert not flagged(placement, "NP-NIK")


def test_an_imported_worker_whose_nik_disagrees_with_the_row_is_flagged(tmp_path):
    job_order = make_job_order(agency=make_agency())
    nik = make_nik(birth_date=D(1996, 8, 12), serial=43)
    path = tmp_path / "placements.csv"
    path.write_text(
        "external_id,nik,full_name,sex,birth_date,village_code,scheme,agency_licence_number,job_order_number\n"
        f"NIK-1,{nik},Rina Wulandari,F,1996-08-14,18.07.01.2001,P2P,{job_order.agency.licence_number},"
        f"{job_order.number}\n"
    )
    call_command("import_placements", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    placement = Placement.objects.get(external_id="NIK-1")

    assert flagged(placement, "NP-NIK")
    assert flag_of(placement, "NP-NIK").evidence["declared_birth_date"] == "1996-08-14"
