"""Merging duplicates (issue 15, item 5): a supervisor merges two registrations of one person; the
survivor keeps its number and gets everything attached to the other; the other number still resolves."""

import pytest
from rest_framework.test import APIClient

from accounts.models import AccessAction, AccessLog
from complaints.models import Complaint
from placements.models import Placement
from portal.errors import ApplicationError
from tests.builders import BORN, make_nik
from tests.complaints.builders import make_complaint, make_supervisor
from tests.placements.builders import SURABAYA_VILLAGE, make_placement, make_worker
from workers.merge import worker_merge
from workers.models import ConsentEvent, Document, Worker
from workers.services import document_upsert

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/workers/worker/"


@pytest.fixture
def supervisor(office_lampung):
    return make_supervisor(office_lampung)


@pytest.fixture
def pair():
    """One person registered twice (same NIK): the second registration is marked a possible duplicate."""
    nik = make_nik("18.07.01", "F", BORN, 4321)
    first = make_worker(nik=nik)
    second = make_worker(nik=nik, full_name="Siti Aminah binti Ahmad")
    first.refresh_from_db()
    assert first.possible_duplicate and second.possible_duplicate
    return first, second


def test_a_merge_moves_everything_to_the_survivor_and_removes_the_other(pair, supervisor):
    survivor, absorbed = pair
    placement = make_placement(worker=absorbed)
    complaint = make_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(worker=absorbed)
    document_upsert(worker=absorbed, doc_type="PASSPORT", number="C 1234567")
    document_upsert(worker=survivor, doc_type="MEDICAL", number="MCU-1")
    consents = ConsentEvent.objects.filter(worker__in=pair).count()

    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    assert not Worker.objects.filter(pk=absorbed.pk).exists()
    survivor.refresh_from_db()
    assert not survivor.possible_duplicate  # no other registration of this NIK is left
    assert Placement.objects.get(pk=placement.pk).worker_id == survivor.pk
    assert Complaint.objects.get(pk=complaint.pk).worker_id == survivor.pk
    assert sorted(Document.objects.filter(worker=survivor).values_list("doc_type", flat=True)) == [
        "MEDICAL",
        "PASSPORT",
    ]
    assert ConsentEvent.objects.filter(worker=survivor).count() == consents


def test_when_both_hold_a_document_of_one_type_the_verified_one_is_kept(pair, supervisor, admin_user):
    survivor, absorbed = pair
    document_upsert(worker=survivor, doc_type="PASSPORT", number="C 0000001")
    document_upsert(worker=absorbed, doc_type="PASSPORT", number="C 1234567", verified_by=admin_user)

    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    kept = Document.objects.get(worker=survivor, doc_type="PASSPORT")
    assert kept.number_last4 == "4567"


def test_the_merge_is_in_the_access_log_of_both_records(pair, supervisor):
    survivor, absorbed = pair

    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    entries = AccessLog.objects.filter(action=AccessAction.MERGE, user=supervisor)
    assert set(entries.values_list("subject_id", flat=True)) == {str(survivor.pk), str(absorbed.pk)}
    detail = entries.get(subject_id=str(survivor.pk)).detail
    assert detail["absorbed_registration_number"] == absorbed.registration_number


def test_an_officer_may_not_merge(pair, officer_lampung):
    with pytest.raises(ApplicationError):
        worker_merge(survivor=pair[0], absorbed=pair[1], by=officer_lampung)
    assert Worker.objects.filter(pk=pair[1].pk).exists()


def test_a_supervisor_may_not_merge_a_worker_outside_her_regions(supervisor, office_jatim):
    nik = make_nik("18.07.01", "F", BORN, 4321)
    lampung = make_worker(nik=nik)
    surabaya = make_worker(SURABAYA_VILLAGE, nik=nik)

    with pytest.raises(ApplicationError):
        worker_merge(survivor=lampung, absorbed=surabaya, by=supervisor)
    assert Worker.objects.count() == 2


def test_workers_not_marked_as_duplicates_are_not_merged(supervisor):
    one, other = make_worker(), make_worker()

    with pytest.raises(ApplicationError):
        worker_merge(survivor=one, absorbed=other, by=supervisor)


# --- the absorbed number still answers ------------------------------------------------------------


def test_the_status_page_tells_the_surviving_number_for_the_absorbed_one(client, pair, supervisor):
    survivor, absorbed = pair
    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    response = client.post(
        "/daftar/status/",
        {"registration_number": absorbed.registration_number, "birth_date": BORN.isoformat()},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert survivor.registration_number in page
    assert absorbed.registration_number in page  # told that this number now is the other one


def test_the_status_api_answers_the_surviving_number_for_the_absorbed_one(pair, supervisor):
    survivor, absorbed = pair
    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    response = APIClient().post(
        "/api/v1/registrations/status/",
        {"registration_number": absorbed.registration_number, "birth_date": BORN.isoformat()},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["registration_number"] == survivor.registration_number
    assert response.json()["merged_from"] == absorbed.registration_number


def test_the_absorbed_number_with_a_wrong_birth_date_is_not_found(pair, supervisor):
    survivor, absorbed = pair
    worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)

    response = APIClient().post(
        "/api/v1/registrations/status/",
        {"registration_number": absorbed.registration_number, "birth_date": "1990-01-01"},
        format="json",
    )

    assert response.status_code == 404


# --- the admin action -----------------------------------------------------------------------------


def merge_action(client, *workers, **extra):
    data = {"action": "merge_duplicates", "_selected_action": [w.pk for w in workers], **extra}
    return client.post(CHANGELIST, data)


def test_a_supervisor_merges_two_duplicates_from_the_worker_list(client, pair, supervisor):
    survivor, absorbed = pair
    client.force_login(supervisor)

    confirm = merge_action(client, survivor, absorbed)
    assert confirm.status_code == 200
    assert survivor.registration_number in confirm.content.decode()

    done = merge_action(client, survivor, absorbed, survivor=survivor.pk, confirm="yes")

    assert done.status_code == 302
    assert list(Worker.objects.values_list("pk", flat=True)) == [survivor.pk]


def test_the_merge_action_is_not_offered_to_an_officer(client, pair, officer_lampung):
    client.force_login(officer_lampung)

    page = client.get(CHANGELIST).content.decode()
    merge_action(client, *pair, survivor=pair[0].pk, confirm="yes")

    assert "merge_duplicates" not in page
    assert Worker.objects.count() == 2


def test_a_merge_asks_for_the_survivors_placements_to_be_checked_again(pair, supervisor):
    from workers.signals import worker_data_changed

    survivor, absorbed = pair
    heard = []

    def listen(sender, worker_ids, **kwargs):
        heard.append(list(worker_ids))

    worker_data_changed.connect(listen, weak=False)
    try:
        worker_merge(survivor=survivor, absorbed=absorbed, by=supervisor)
    finally:
        worker_data_changed.disconnect(listen)

    assert heard == [[survivor.pk]]
