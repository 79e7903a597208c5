"""NP-DOCS, NP-BPJS, NP-OPP, NP-PERMISSION-VILLAGE and NP-FEES (placements/rules/preparation.py): what must
be in place before departure."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from placements.models import Placement, Position
from placements.services import position_save
from placements.tasks import flags_sweep_recent
from tests.rules.builders import (
    DAY,
    DEPARTURE,
    OTHER_VILLAGE,
    D,
    flag_of,
    flagged,
    give_documents,
    make_fee_item,
    make_job_order,
    make_placement,
    make_worker,
    set_document,
    update_placement,
)
from workers.choices import ART13_DOCUMENTS

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ALL_DOCUMENTS = [doc_type.lower() for doc_type in ART13_DOCUMENTS]


def placement_with_documents(**documents):
    worker = make_worker()
    give_documents(worker, **documents)
    return make_placement(worker)


def documents_evidence(placement) -> dict[str, bool]:
    # Booleans on PostgreSQL, 0/1 on SQLite: read them as truth values.
    return {name: bool(value) for name, value in flag_of(placement, "NP-DOCS").evidence.items()}


# NP-DOCS


def test_a_worker_with_every_art13_document_verified_and_valid_is_not_flagged():
    assert not flagged(placement_with_documents(), "NP-DOCS")


@pytest.mark.parametrize("doc_type", ART13_DOCUMENTS)
def test_a_missing_art13_document_is_flagged_and_named_in_the_evidence(doc_type):
    placement = placement_with_documents(missing=[doc_type])

    assert flagged(placement, "NP-DOCS")
    assert documents_evidence(placement) == {name: name != doc_type.lower() for name in ALL_DOCUMENTS}


def test_an_unverified_passport_is_flagged_and_named_in_the_evidence():
    placement = placement_with_documents(unverified=["PASSPORT"])

    assert flagged(placement, "NP-DOCS")
    assert documents_evidence(placement) == {name: name != "passport" for name in ALL_DOCUMENTS}
    assert flag_of(placement, "NP-DOCS").severity == "H"


def test_a_passport_that_expired_the_day_before_departure_is_flagged():
    placement = placement_with_documents()
    set_document(placement.worker, "PASSPORT", expiry_date=DEPARTURE - DAY)

    assert flagged(placement, "NP-DOCS")
    assert documents_evidence(placement)["passport"] is False
    assert documents_evidence(placement)["work_visa"] is True


def test_a_document_expiring_on_the_departure_day_is_still_valid():
    placement = placement_with_documents(expiry_date=DEPARTURE)

    assert not flagged(placement, "NP-DOCS")


def test_a_document_without_an_expiry_date_does_not_expire():
    placement = placement_with_documents(expiry_date=None)

    assert not flagged(placement, "NP-DOCS")


def test_the_extra_checks_outside_art13_are_not_required_by_the_rule():
    placement = placement_with_documents()

    assert not {"KTP", "KK", "SKCK", "BPJS", "OPP"} & set(ART13_DOCUMENTS)
    assert not flagged(placement, "NP-DOCS")


def test_a_worker_without_any_document_is_flagged_with_every_document_false():
    placement = make_placement(documents=False)

    assert flagged(placement, "NP-DOCS")
    assert set(documents_evidence(placement).values()) == {False}


def test_documents_are_checked_only_once_a_departure_date_is_known():
    placement = make_placement(documents=False, departure_date=None, phase="PRA")

    assert not flagged(placement, "NP-DOCS")


def test_verifying_the_last_document_resolves_the_flag():
    placement = placement_with_documents(unverified=["MEDICAL"])
    assert flagged(placement, "NP-DOCS")

    set_document(placement.worker, "MEDICAL", expiry_date=D(2030, 1, 1))

    assert not flagged(placement, "NP-DOCS")


# NP-BPJS


def test_a_placement_without_bpjs_cover_is_flagged():
    placement = make_placement(bpjs_valid_until=None)

    assert flagged(placement, "NP-BPJS")
    assert flag_of(placement, "NP-BPJS").evidence == {
        "bpjs_valid_from": None,
        "bpjs_valid_until": None,
        "departure_date": DEPARTURE.isoformat(),
        "contract_months": 24,
    }


def test_cover_ending_the_day_before_the_contract_ends_is_flagged():
    # Leaving 2026-05-04 on a 24-month contract: the contract ends 2028-05-04.
    assert flagged(make_placement(bpjs_valid_until=D(2028, 5, 3)), "NP-BPJS")


def test_cover_ending_exactly_when_the_contract_ends_is_not_flagged():
    assert not flagged(make_placement(bpjs_valid_until=D(2028, 5, 4)), "NP-BPJS")


def test_cover_that_ended_before_departure_is_flagged():
    assert flagged(make_placement(bpjs_valid_until=DEPARTURE - DAY, contract_months=None), "NP-BPJS")


def test_cover_until_departure_with_no_contract_length_known_is_not_flagged():
    assert not flagged(make_placement(bpjs_valid_until=DEPARTURE, contract_months=None), "NP-BPJS")


def test_the_contract_end_counts_calendar_months_across_a_year_end():
    placement = make_placement(departure_date=D(2026, 11, 30), opp_date=D(2026, 11, 1), contract_months=3)

    update_placement(placement, bpjs_valid_until=D(2027, 2, 27))
    assert flagged(placement, "NP-BPJS")

    update_placement(placement, bpjs_valid_until=D(2027, 3, 1))
    assert not flagged(placement, "NP-BPJS")


# NP-OPP


def test_a_departed_worker_without_orientation_is_flagged():
    placement = make_placement(phase="MASA", opp_date=None)

    assert flagged(placement, "NP-OPP")
    assert flag_of(placement, "NP-OPP").evidence == {
        "opp_date": None,
        "departure_date": DEPARTURE.isoformat(),
        "phase": "MASA",
    }


def test_orientation_after_departure_is_flagged():
    assert flagged(make_placement(phase="MASA", opp_date=DEPARTURE + DAY), "NP-OPP")


def test_orientation_on_the_departure_day_is_not_flagged():
    assert not flagged(make_placement(phase="MASA", opp_date=DEPARTURE), "NP-OPP")


def test_a_returned_worker_who_never_had_orientation_is_flagged():
    assert flagged(make_placement(phase="PURNA", opp_date=None), "NP-OPP")


def opp_flagged_on(today: datetime.date, **fields) -> bool:
    placement = make_placement(phase="PRA", opp_date=None, **fields)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9), tzinfo=JAKARTA), tick=False):
        return flagged(placement, "NP-OPP")


def test_a_worker_leaving_in_more_than_7_days_is_not_yet_flagged_for_orientation():
    assert not opp_flagged_on(DEPARTURE - 8 * DAY)


def test_a_worker_leaving_in_7_days_without_orientation_is_flagged():
    assert opp_flagged_on(DEPARTURE - 7 * DAY)


def test_a_worker_still_before_departure_whose_departure_date_has_passed_without_orientation_is_flagged():
    assert opp_flagged_on(DEPARTURE + 30 * DAY)


def test_a_worker_leaving_soon_with_orientation_recorded_is_not_flagged():
    placement = make_placement(phase="PRA", opp_date=DEPARTURE - 10 * DAY)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=JAKARTA), tick=False):
        assert not flagged(placement, "NP-OPP")


def test_a_worker_with_no_departure_date_is_not_flagged_for_orientation():
    assert not opp_flagged_on(DEPARTURE, departure_date=None)


def test_the_sweep_of_recent_changes_catches_a_departure_date_coming_within_7_days(
    django_capture_on_commit_callbacks,
):
    placement = make_placement(phase="PRA", opp_date=None)
    Placement.objects.filter(pk=placement.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    Position.objects.filter(pk=placement.position_id).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    now = datetime.datetime.combine(DEPARTURE - 7 * DAY, datetime.time(0, 30), tzinfo=JAKARTA)
    with time_machine.travel(now, tick=False):
        flags_sweep_recent(hours=2)

    assert flag_of(placement, "NP-OPP").status == "OPEN"


# NP-PERMISSION-VILLAGE


def test_a_family_permission_acknowledged_by_another_village_is_flagged():
    placement = placement_with_documents(acknowledged_village=OTHER_VILLAGE)

    assert flagged(placement, "NP-PERMISSION-VILLAGE")
    assert flag_of(placement, "NP-PERMISSION-VILLAGE").evidence == {"domicile_village": "18.07.01.2001"}
    assert flag_of(placement, "NP-PERMISSION-VILLAGE").severity == "M"


def test_a_family_permission_acknowledged_by_the_workers_own_village_is_not_flagged():
    assert not flagged(placement_with_documents(), "NP-PERMISSION-VILLAGE")


def test_a_family_permission_not_yet_acknowledged_is_not_a_village_mismatch():
    placement = placement_with_documents()
    set_document(placement.worker, "FAMILY_PERMISSION", acknowledged_village_code=None)

    assert not flagged(placement, "NP-PERMISSION-VILLAGE")


# NP-BPJS: the cover's start


def test_cover_starting_after_departure_is_flagged():
    placement = make_placement(bpjs_valid_from=DEPARTURE + DAY)

    assert flagged(placement, "NP-BPJS")
    assert flag_of(placement, "NP-BPJS").evidence["bpjs_valid_from"] == (DEPARTURE + DAY).isoformat()


def test_cover_starting_on_the_departure_day_is_not_flagged():
    assert not flagged(make_placement(bpjs_valid_from=DEPARTURE), "NP-BPJS")


def test_cover_starting_before_departure_for_the_whole_contract_is_not_flagged():
    assert not flagged(make_placement(bpjs_valid_from=DEPARTURE - 30 * DAY), "NP-BPJS")


# NP-FEES


def housekeeping_placement(**fields):
    job_order = make_job_order(country="HK", position="HOUSEKEEPER")
    return make_placement(
        job_order=job_order, destination_country_id="HK", position_id="HOUSEKEEPER", **fields
    )


def test_a_zero_cost_position_charged_fees_is_flagged():
    placement = housekeeping_placement(fees_charged_idr=18_500_000)

    assert flagged(placement, "NP-FEES")
    assert flag_of(placement, "NP-FEES").evidence == {
        "position": "HOUSEKEEPER",
        "fees_charged_idr": 18_500_000,
        "departure_date": DEPARTURE.isoformat(),
    }


def test_a_zero_cost_position_charged_one_rupiah_is_flagged():
    assert flagged(housekeeping_placement(fees_charged_idr=1), "NP-FEES")


def test_a_zero_cost_position_with_a_cost_item_is_flagged_even_without_a_total():
    placement = housekeeping_placement(fees_charged_idr=None)
    make_fee_item(placement, 2_500_000, kind="TRAINING")

    assert flagged(placement, "NP-FEES")
    assert flag_of(placement, "NP-FEES").evidence["fees_charged_idr"] == 0


def test_a_zero_cost_position_charged_nothing_is_not_flagged():
    placement = housekeeping_placement(fees_charged_idr=0)
    make_fee_item(placement, 0, kind="OTHER")

    assert not flagged(placement, "NP-FEES")


@pytest.mark.parametrize("position", ["CLEANER", "FARM_WORKER", "FISHING_CREW"])
def test_the_non_domestic_zero_cost_positions_are_covered_too(position):
    placement = make_placement(job_order=None, position_id=position, fees_charged_idr=500_000)

    assert flagged(placement, "NP-FEES")


def test_a_position_that_may_be_charged_is_not_flagged_for_its_fees():
    placement = make_placement(job_order=None, position_id="NURSE", fees_charged_idr=18_500_000)
    make_fee_item(placement, 1_000_000)

    assert not flagged(placement, "NP-FEES")


def test_fees_for_a_departure_before_the_zero_cost_policy_took_effect_are_not_flagged():
    placement = housekeeping_placement(fees_charged_idr=18_500_000, departure_date=D(2021, 7, 14),
                                       recruited_date=D(2021, 5, 1), opp_date=D(2021, 7, 1))  # fmt: skip

    assert not flagged(placement, "NP-FEES")


def test_fees_for_a_departure_on_the_day_the_zero_cost_policy_took_effect_are_flagged():
    placement = housekeeping_placement(fees_charged_idr=18_500_000, departure_date=D(2021, 7, 15),
                                       recruited_date=D(2021, 5, 1), opp_date=D(2021, 7, 1))  # fmt: skip

    assert flagged(placement, "NP-FEES")


def test_a_2019_departure_with_fees_is_not_flagged():
    placement = make_placement(job_order=None, position_id="HOUSEKEEPER", fees_charged_idr=9_000_000,
                               recruited_date=D(2019, 1, 2), departure_date=D(2019, 3, 1), opp_date=D(2019, 2, 20))  # fmt: skip

    assert not flagged(placement, "NP-FEES")


def test_a_position_added_to_the_zero_cost_list_later_counts_from_its_own_date():
    position = Position.objects.get(pk="NURSE")
    position.is_zero_cost, position.zero_cost_from = True, D(2026, 5, 4)
    position_save(position=position)

    assert flagged(make_placement(job_order=None, position_id="NURSE", fees_charged_idr=1), "NP-FEES")
    assert not flagged(
        make_placement(job_order=None, position_id="NURSE", fees_charged_idr=1, departure_date=D(2026, 5, 3)),
        "NP-FEES",
    )


def test_a_caregiver_charged_fees_is_flagged_as_the_elderly_carer_it_is():
    placement = make_placement(job_order=None, position_id="CAREGIVER", fees_charged_idr=18_500_000)

    assert flagged(placement, "NP-FEES")
    assert flag_of(placement, "NP-FEES").evidence["position"] == "ELDERLY_CARER"
