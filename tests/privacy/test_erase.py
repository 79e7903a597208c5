"""person_erase: anonymises a person and their closed complaints, unless a hold or the law stands."""

import datetime

import pytest

from accounts.models import AccessAction, AccessLog
from complaints.choices import Status
from complaints.models import Complaint
from privacy.models import AnonymisedRecord
from privacy.services import legal_hold_lift, legal_hold_place, person_erase
from tests.builders import make_worker
from tests.complaints.builders import make_complaint, make_complaint_in
from workers.models import Worker

pytestmark = pytest.mark.django_db


def about(complaint: Complaint, worker: Worker) -> Complaint:
    """The complaint as an officer links it to the person it is about."""
    Complaint.objects.filter(pk=complaint.pk).update(worker=worker)
    return Complaint.objects.get(pk=complaint.pk)


def test_erase_anonymises_the_person_and_keeps_the_aggregate_fields(admin_user):
    worker = make_worker(email="siti@example.test", address="Jl. Merdeka 1")
    outcome = person_erase(worker=worker, actor=admin_user, reason="Permintaan penghapusan")
    assert outcome.erased and outcome.refusal == ""
    after = Worker.objects.get(pk=worker.pk)
    assert after.full_name == "ANONIM"
    assert (after.phone, after.email, after.address, after.birth_place) == ("", "", "", "")
    assert (after.nik_encrypted, after.nik_last4) == ("", "")
    assert after.nik_index == f"ANON-{worker.pk}"
    assert after.birth_date == datetime.date(worker.birth_date.year, 7, 1)
    assert (after.sex, after.domicile_village_id, after.status, after.phase) == (
        worker.sex, worker.domicile_village_id, worker.status, worker.phase,
    )  # fmt: skip
    # The change history keeps no earlier name, and records the erasure.
    assert not Worker.history.filter(id=worker.pk, full_name="Siti Aminah").exists()
    assert Worker.history.filter(id=worker.pk, history_change_reason="erasure").count() == 1
    log = AccessLog.objects.get(action=AccessAction.ANONYMISE, subject_id=str(worker.pk))
    assert log.username == admin_user.username
    assert AnonymisedRecord.objects.filter(object_id=worker.pk, kind="worker").exists()


def test_erase_is_refused_under_a_legal_hold_and_allowed_once_lifted(admin_user):
    worker = make_worker()
    hold = legal_hold_place(actor=admin_user, worker=worker, reason="Penyidikan polisi")
    outcome = person_erase(worker=worker, actor=admin_user, reason="Permintaan")
    assert not outcome.erased
    assert "Penyidikan polisi" in outcome.refusal
    assert Worker.objects.get(pk=worker.pk).full_name == "Siti Aminah"
    legal_hold_lift(hold=hold, actor=admin_user, reason="Selesai")
    assert person_erase(worker=worker, actor=admin_user, reason="Permintaan").erased


def test_erase_is_refused_while_a_complaint_about_the_person_is_open(admin_user):
    worker = make_worker()
    about(make_complaint(), worker)
    outcome = person_erase(worker=worker, actor=admin_user, reason="Permintaan")
    assert not outcome.erased and "UU 18/2017" in outcome.refusal


def test_erase_anonymises_the_closed_complaints_under_the_persons_name(admin_user):
    worker = make_worker()
    complaint = about(make_complaint_in(Status.CLOSED, actor=admin_user), worker)
    assert person_erase(worker=worker, actor=admin_user, reason="Permintaan").erased
    after = Complaint.objects.get(pk=complaint.pk)
    assert (after.reporter_name, after.reporter_phone, after.description) == ("", "", "ANONIM")
    assert (after.status, after.category, after.village_id) == (
        complaint.status, complaint.category, complaint.village_id,
    )  # fmt: skip
