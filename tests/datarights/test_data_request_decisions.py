"""Each right end to end: the person files, the officer decides in the admin (through the services), and
the person reads the outcome when tracking; every decision is recorded and final."""

import json

import pytest
from django.test import Client

from accounts.models import AccessAction, AccessLog
from datarights.models import DataRequest
from privacy.services import legal_hold_place
from tests.datarights.builders import file_request, registered
from tests.workers.pages import text, text_of
from workers.models import ConsentEvent, Worker, WorkerStatus

pytestmark = pytest.mark.django_db


def act(client, data_request, action, **data):
    return client.post(f"/admin/datarights/datarequest/{data_request.pk}/act/{action}/", data)


def track(client, number, code):
    return client.post("/hak-data/lacak/", {"number": number, "access_code": code})


@pytest.fixture
def officer(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


def test_access_builds_the_package_the_person_reads_and_downloads_once(
    officer, officer_lampung, office_lampung
):
    worker, nik = registered(email="siti@example.test")
    data_request, code = file_request(worker, nik)
    officer.get(f"/admin/workers/worker/{worker.pk}/change/")  # an officer read her record earlier

    response = act(officer, data_request, "fulfil")
    assert response.status_code == 302
    data_request.refresh_from_db()
    assert (data_request.status, data_request.outcome) == ("COMPLETED", "ACCESS_GIVEN")
    # Building the package read her record through the logged getter, as an export.
    assert AccessLog.objects.filter(subject_type="worker", subject_id=str(worker.pk), action=AccessAction.EXPORT,
                                    user=officer_lampung).exists()  # fmt: skip

    person = Client()
    page = track(person, data_request.number, code)
    assert text_of(page, "request-status").count("Paket data siap") == 1
    package = text_of(page, "data-package")
    assert worker.full_name in package and "siti@example.test" in package
    assert nik not in page.content.decode() and worker.nik_masked in package
    trail = text_of(page, "processing-trail")
    assert "Petugas, BP3MI Lampung" in trail  # named by role and office ...
    assert "officer.lampung" not in page.content.decode()  # ... never by name

    download = person.post("/hak-data/lacak/unduh/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    body = json.loads(download.content)
    assert body["record"]["nama lengkap"] == worker.full_name
    assert {"documents", "placements", "complaints", "consent_history", "processing_trail"} <= set(body)
    assert person.post("/hak-data/lacak/unduh/").status_code == 410
    again = track(person, data_request.number, code)
    assert text_of(again, "data-package") is None and text_of(again, "package-downloaded")


def test_a_correction_goes_through_the_worker_service_with_before_and_after(officer, officer_lampung):
    worker, nik = registered(full_name="Siti Aminh")
    data_request, code = file_request(worker, nik, kind="CORRECTION", what_is_wrong="Nama: Siti Aminh",
                                      what_is_right="Nama: Siti Aminah")  # fmt: skip
    act(officer, data_request, "correct", field="full_name", value="Siti Aminah", note="")
    assert Worker.objects.get(pk=worker.pk).full_name == "Siti Aminah"
    latest = Worker.history.filter(id=worker.pk).order_by("-history_date", "-history_id").first()
    before = latest.prev_record
    assert (before.full_name, latest.full_name) == ("Siti Aminh", "Siti Aminah")
    assert latest.history_user == officer_lampung and data_request.number in latest.history_change_reason
    page = track(Client(), data_request.number, code)
    assert "Data diperbaiki" in text(page) and "nama lengkap" in text(page)


def test_a_correction_into_an_invalid_value_is_refused_and_nothing_changes(officer):
    worker, nik = registered()
    data_request, _code = file_request(
        worker, nik, kind="CORRECTION", what_is_wrong="e-mail", what_is_right="x"
    )
    page = act(officer, data_request, "correct", field="email", value="not an e-mail")
    assert page.status_code == 200
    assert Worker.objects.get(pk=worker.pk).email == ""
    assert DataRequest.objects.get(pk=data_request.pk).status == "RECEIVED"


def test_a_withdrawal_records_the_event_stops_the_registration_and_says_what_continues(officer):
    worker, nik = registered()
    data_request, code = file_request(worker, nik, kind="WITHDRAWAL", purpose="REGISTRATION")
    act(officer, data_request, "withdraw")
    last = ConsentEvent.objects.filter(worker=worker).order_by("-at", "-id").first()
    assert (last.purpose, last.granted) == ("REGISTRATION", False)
    assert ConsentEvent.objects.filter(worker=worker).count() == 2  # the history is appended, not changed
    assert Worker.objects.get(pk=worker.pk).status == WorkerStatus.REJECTED  # a waiting registration stops
    outcome = text_of(track(Client(), data_request.number, code), "request-status")
    assert "Persetujuan ditarik" in outcome
    assert "Dihentikan:" in outcome and "Tetap berjalan karena diwajibkan undang-undang" in outcome
    assert "UU 18/2017" in outcome  # what continues, with its legal basis


def test_an_erasure_anonymises_the_person_and_what_she_wrote_in_her_requests(officer):
    worker, nik = registered()
    earlier, _code = file_request(
        worker, nik, kind="CORRECTION", what_is_wrong="Nama", what_is_right="Siti A."
    )
    data_request, code = file_request(worker, nik, kind="ERASURE", details="Saya batal berangkat")
    act(officer, data_request, "erase")
    assert Worker.objects.get(pk=worker.pk).full_name == "ANONIM"
    assert DataRequest.objects.filter(worker=worker, details="", what_is_right="").count() == 2
    assert "Data dianonimkan" in text(track(Client(), data_request.number, code))


def test_a_legal_hold_is_the_recorded_outcome_of_an_erasure(officer, officer_lampung):
    worker, nik = registered()
    legal_hold_place(actor=officer_lampung, reason="Penyidikan TPPO Polda Lampung", worker=worker)
    data_request, code = file_request(worker, nik, kind="ERASURE")
    act(officer, data_request, "erase")
    assert Worker.objects.get(pk=worker.pk).full_name == worker.full_name
    data_request.refresh_from_db()
    assert (data_request.status, data_request.outcome) == ("REFUSED", "ERASURE_REFUSED")
    assert "Penyidikan TPPO Polda Lampung" in text(track(Client(), data_request.number, code))


def test_an_objection_is_upheld_with_what_stops(officer):
    worker, nik = registered()
    data_request, code = file_request(worker, nik, kind="OBJECTION", details="Jangan hubungi saya lagi")
    assert act(officer, data_request, "uphold", answer="").status_code == 200  # what stops is required
    act(officer, data_request, "uphold", answer="Kami tidak lagi menghubungi Anda untuk sosialisasi.")
    assert "tidak lagi menghubungi" in text(track(Client(), data_request.number, code))


def test_a_request_whose_identity_matched_nobody_can_only_be_refused(officer, office_lampung):
    worker, _nik = registered()
    data_request, code = file_request(worker, "1807015208960999")
    page = officer.get(f"/admin/datarights/datarequest/{data_request.pk}/change/")
    assert text_of(page, "identity-mismatch")
    assert "request-action-fulfil" not in page.content.decode()
    refused = act(officer, data_request, "fulfil")
    assert refused.status_code == 302 and DataRequest.objects.get(pk=data_request.pk).status == "RECEIVED"
    assert act(officer, data_request, "refuse", reason="").status_code == 200  # a reason is required
    act(officer, data_request, "refuse", reason="Identitas tidak cocok. Datanglah ke kantor BP3MI.")
    data_request.refresh_from_db()
    assert data_request.status == "REFUSED"
    assert "Datanglah ke kantor BP3MI" in text(track(Client(), data_request.number, code))


def test_a_decided_request_cannot_be_decided_again(officer):
    worker, nik = registered()
    data_request, _code = file_request(worker, nik)
    act(officer, data_request, "fulfil")
    assert act(officer, data_request, "refuse", reason="x").status_code == 302
    assert DataRequest.objects.get(pk=data_request.pk).status == "COMPLETED"
