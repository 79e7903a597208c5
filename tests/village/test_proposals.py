"""Departures and returns a village learns of (UU 18/2017 art. 42): the village files them at /desa/kabar/,
they wait as proposals, and only a BP3MI officer's confirmation records them on the placement, through the
placements services. Rejecting changes nothing; another region's officer never sees them."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import AccessLog
from placements.models import Placement, ReturnRecord
from placements.services import placement_record_return
from portal.errors import ApplicationError
from tests.builders import LABUHAN_MARINGGAI, SUKADANA, SURABAYA
from tests.placements.builders import make_placement, make_worker
from village.models import MovementProposal
from village.movement_services import (
    movement_proposal_confirm,
    movement_proposal_create,
    movement_proposal_reject,
)

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def abroad(village: str = SUKADANA, **fields) -> Placement:
    return make_placement(
        make_worker(village), phase="MASA", departure_date=TODAY() - 200 * DAY, scheme="G2G", **fields
    )


def at_home(village: str = SUKADANA) -> Placement:
    return make_placement(make_worker(village), scheme="G2G", departure_date=None)


def report_return(user, placement, condition="DEPORTED", **fields) -> MovementProposal:
    values = {"kind": "RETURN", "event_date": TODAY() - DAY, "condition": condition, **fields}
    return movement_proposal_create(user=user, placement_id=placement.pk, **values)


def test_the_village_reports_a_return_and_nothing_changes_until_bp3mi_confirms(
    desk, village_officer, client, officer_lampung
):
    placement = abroad()
    response = desk.post(
        f"/desa/kabar/{placement.pk}/", {"event_date": (TODAY() - DAY).isoformat(), "condition": "DEPORTED"}
    )
    assert response.status_code == 302
    proposal = MovementProposal.objects.get()
    assert (proposal.status, proposal.kind, proposal.reported_by) == ("PENDING", "RETURN", village_officer)
    placement.refresh_from_db()
    assert placement.phase == "MASA" and not ReturnRecord.objects.exists()

    client.force_login(officer_lampung)
    url = f"/admin/village/movementproposal/{proposal.pk}/decide/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "confirm", "return_reason": "", "reason": ""}).status_code == 302
    placement.refresh_from_db()
    record = ReturnRecord.objects.get(placement=placement)
    assert placement.phase == "PURNA"
    assert (record.return_date, record.reason, record.recorded_by) == (
        TODAY() - DAY,
        "DEPORTED",
        officer_lampung,
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("CONFIRMED", officer_lampung)


def test_a_confirmed_departure_moves_the_placement_abroad(village_officer, officer_lampung):
    placement = at_home()
    proposal = movement_proposal_create(
        user=village_officer, placement_id=placement.pk, kind="DEPARTURE", event_date=TODAY() - 2 * DAY,
        destination_country_id="KR",
    )  # fmt: skip
    movement_proposal_confirm(proposal=proposal, officer=officer_lampung)
    placement.refresh_from_db()
    assert (placement.phase, placement.departure_date) == ("MASA", TODAY() - 2 * DAY)


def test_the_officer_chooses_the_reason_of_a_return_reported_as_well(village_officer, officer_lampung):
    proposal = report_return(village_officer, placement := abroad(), condition="WELL")
    movement_proposal_confirm(proposal=proposal, officer=officer_lampung, return_reason="CONTRACT_END")
    assert ReturnRecord.objects.get(placement=placement).reason == "CONTRACT_END"


def test_a_rejection_needs_a_reason_and_changes_nothing(client, village_officer, officer_lampung):
    proposal = report_return(village_officer, placement := abroad())
    client.force_login(officer_lampung)
    url = f"/admin/village/movementproposal/{proposal.pk}/decide/"
    assert client.post(url, {"decision": "reject", "reason": " "}).status_code == 200
    assert MovementProposal.objects.get().status == "PENDING"
    assert client.post(url, {"decision": "reject", "reason": "Masih bekerja di Korea"}).status_code == 302
    proposal.refresh_from_db()
    placement.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == ("REJECTED", "Masih bekerja di Korea")
    assert placement.phase == "MASA" and not ReturnRecord.objects.exists()
    with pytest.raises(ApplicationError) as refused:
        movement_proposal_confirm(proposal=proposal, officer=officer_lampung)
    assert refused.value.code == "already_decided"


def test_a_report_overtaken_by_the_officer_cannot_be_confirmed(village_officer, officer_lampung):
    proposal = report_return(village_officer, placement := abroad())
    placement_record_return(placement=placement, return_date=TODAY() - 5 * DAY, reason="CONTRACT_END")
    with pytest.raises(ApplicationError) as refused:
        movement_proposal_confirm(proposal=proposal, officer=officer_lampung, return_reason="DEPORTED")
    assert refused.value.code == "wrong_phase"
    assert ReturnRecord.objects.get(placement=placement).reason == "CONTRACT_END"
    proposal.refresh_from_db()
    assert proposal.status == "PENDING"


@pytest.mark.parametrize(
    ("kind", "builder", "code"),
    [("DEPARTURE", abroad, "wrong_phase"), ("RETURN", at_home, "wrong_phase")],
)
def test_news_that_does_not_fit_the_placement_is_refused(village_officer, kind, builder, code):
    with pytest.raises(ApplicationError) as refused:
        movement_proposal_create(
            user=village_officer, placement_id=builder().pk, kind=kind, event_date=TODAY(), condition="WELL"
        )
    assert refused.value.code == code


def test_a_future_date_and_a_second_pending_report_are_refused(village_officer):
    placement = abroad()
    with pytest.raises(ApplicationError) as future:
        report_return(village_officer, placement, event_date=TODAY() + DAY)
    assert future.value.fields.keys() == {"event_date"}
    report_return(village_officer, placement)
    with pytest.raises(ApplicationError) as again:
        report_return(village_officer, placement)
    assert again.value.code == "duplicate"


def test_the_village_reaches_only_its_own_residents(desk, village_officer):
    other = abroad(LABUHAN_MARINGGAI)
    assert desk.get(f"/desa/kabar/{other.pk}/").status_code == 404
    with pytest.raises(ApplicationError) as refused:
        report_return(village_officer, other)
    assert refused.value.code == "out_of_scope"
    assert other.worker.full_name not in desk.get("/desa/kabar/").content.decode()


def test_another_province_officer_neither_sees_nor_decides(client, village_officer, officer_jatim):
    proposal = report_return(village_officer, abroad())
    client.force_login(officer_jatim)
    assert client.get(f"/admin/village/movementproposal/{proposal.pk}/decide/").status_code == 404
    assert client.get("/admin/village/movementproposal/").content.decode().count("field-placement_ref") == 0
    with pytest.raises(ApplicationError) as refused:
        movement_proposal_confirm(proposal=proposal, officer=officer_jatim)
    assert refused.value.code == "out_of_scope"
    assert make_placement(make_worker(SURABAYA)).phase == "PRA"


def test_the_report_page_logs_the_read_of_the_worker(desk, village_officer):
    placement = abroad()
    desk.get(f"/desa/kabar/{placement.pk}/")
    assert AccessLog.objects.filter(
        user=village_officer, subject_type="worker", subject_id=str(placement.worker_id), action="VIEW"
    ).exists()


def test_the_workbench_counts_reports_waiting_in_the_officer_scope(client, village_officer, officer_lampung):
    report_return(village_officer, abroad())
    report_return(village_officer, abroad())
    decided = report_return(village_officer, abroad())
    movement_proposal_reject(proposal=decided, officer=officer_lampung, reason="salah orang")
    client.force_login(officer_lampung)
    html = client.get("/admin/").content.decode()
    assert '/admin/village/movementproposal/?status__exact=PENDING" class="workbench-link">' in html
    listed = client.get("/admin/village/movementproposal/", {"status__exact": "PENDING"}).content.decode()
    assert listed.count("field-placement_ref") == 2


@pytest.mark.parametrize("rows", [10, 30])
def test_the_desk_list_costs_the_same_queries_for_few_or_many(
    desk, village_officer, rows, django_assert_num_queries
):
    for _ in range(rows):
        report_return(village_officer, abroad())
        at_home()
    with django_assert_num_queries(QUERIES):
        response = desk.get("/desa/kabar/")
    assert response.content.decode().count("/desa/kabar/") >= rows


# The session with its user, her roles and device (accounts/sessions.py), then the page's own.
QUERIES = 8
