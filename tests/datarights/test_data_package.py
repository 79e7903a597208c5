"""The data package (issue 12, item 3): record, documents without files, placements, complaints filed under
the person's name, consent history, and the processing trail with reads and changes, officers named by
role and office."""

import pytest
from django.test import RequestFactory

from accounts.access import person_get
from accounts.models import AccessAction
from complaints.models import Complaint
from datarights.package import data_package_build
from datarights.services import data_request_correct, data_request_fulfil_access
from tests.complaints.builders import file_complaint, make_supervisor
from tests.datarights.builders import file_request, registered
from tests.placements.builders import make_placement
from workers.models import Worker
from workers.services import document_upsert

pytestmark = pytest.mark.django_db


def read_as(user, worker):
    request = RequestFactory().get("/admin/workers/worker/")
    request.user = user
    person_get(Worker.objects.all(), request=request, pk=worker.pk, action=AccessAction.VIEW)


def test_the_package_holds_everything_about_her_with_identifiers_masked(officer_lampung):
    worker, nik = registered()
    document_upsert(worker=worker, doc_type="PASSPORT", number="C1234567", issuer="Kanim Lampung")
    make_placement(worker, external_id="PKG-1")
    complaint, _code = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(worker=worker)

    package = data_package_build(worker=worker, complaint=None)

    assert package["record"]["nama lengkap"] == worker.full_name and package["record"]["NIK"].endswith(
        nik[-4:]
    )
    assert [d["number"] for d in package["documents"]] == ["••••4567"]
    assert "C1234567" not in str(package) and nik not in str(package)
    assert len(package["placements"]) == 1
    assert [c["tiket"] for c in package["complaints"]] == [complaint.ticket]
    assert [(c["purpose"], c["granted"]) for c in package["consent_history"]][0][1] is True


def test_the_trail_names_who_read_and_changed_by_role_and_office(office_lampung, officer_lampung):
    supervisor = make_supervisor(office_lampung)
    worker, nik = registered(full_name="Siti Aminh")
    read_as(supervisor, worker)
    correction, _code = file_request(
        worker, nik, kind="CORRECTION", what_is_wrong="nama", what_is_right="Siti Aminah"
    )
    data_request_correct(
        data_request=correction, officer=officer_lampung, field="full_name", value="Siti Aminah"
    )

    trail = data_package_build(worker=worker, complaint=None)["processing_trail"]

    read = next(row for row in trail if row["what"] == "melihat data")
    assert read["by"] == "Supervisor, BP3MI Lampung"
    change = next(row for row in trail if row["fields"])
    assert {"field": "nama lengkap", "from": "Siti Aminh", "to": "Siti Aminah"} in change["fields"]
    assert change["by"] == "Petugas, BP3MI Lampung" and correction.number in change["why"]
    assert "officer.lampung" not in str(trail) and "supervisor.lampung" not in str(trail)


def test_a_reporter_identified_by_her_ticket_gets_her_complaint(officer_lampung):
    complaint, code = file_complaint(reporter_name="Sulastri")
    data_request, _code = file_request(
        identified_by="COMPLAINT", reference=complaint.ticket, access_code=code
    )
    data_request_fulfil_access(data_request=data_request, officer=officer_lampung)
    data_request.refresh_from_db()
    assert data_request.package["record"] == {}
    assert [c["nama pelapor"] for c in data_request.package["complaints"]] == ["Sulastri"]
