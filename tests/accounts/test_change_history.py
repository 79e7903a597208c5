"""Change history of person records (django-simple-history): who changed which field, when, from what
to what; encrypted identifiers never in the history tables and shown only as "changed"; each record's
history visible to whoever may open the record, and to nobody else; the imports' bulk writes recorded."""

import datetime
import re

import pytest
from django.test import Client

from accounts.models import AccessAction, AccessLog
from complaints.models import Complaint
from placements.models import Placement
from tests.complaints.builders import make_complaint
from tests.placements.builders import make_agency, make_job_order, make_placement
from tests.workers.builders import make_nik, make_worker
from tests.workers.pages import text
from workers.models import Document, Worker, WorkerStatus
from workers.services import (
    DocumentRecord,
    NewPerson,
    document_bulk_upsert,
    document_upsert,
    identifier_fields,
    worker_bulk_create,
)

pytestmark = pytest.mark.django_db

REASON = "Fotokopi KTP tidak terbaca; mohon daftar ulang."


def history_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/history/"


def changes(response) -> list[str]:
    """The rendered 'changes' items of the history table, as text."""
    items = re.findall(r"<li>\s*<strong>(.*?)</li>", response.content.decode(), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@pytest.fixture
def worker():
    return make_worker()


@pytest.fixture
def lampung(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


@pytest.fixture
def jatim(client, officer_jatim):
    client.force_login(officer_jatim)
    return client


def test_an_officers_change_is_recorded_with_who_which_field_from_and_to(lampung, officer_lampung, worker):
    lampung.post(f"/admin/workers/worker/{worker.pk}/reject/", {"reason": REASON})

    last = Worker.history.filter(id=worker.pk).latest("history_date")
    assert last.history_user == officer_lampung
    assert (last.prev_record.status, last.status) == (WorkerStatus.SUBMITTED, WorkerStatus.REJECTED)

    response = lampung.get(history_url(worker))
    assert response.status_code == 200
    assert officer_lampung.username in text(response)
    assert any(
        c.startswith("Status:") and "Menunggu verifikasi" in c and "Ditolak" in c for c in changes(response)
    ), changes(response)
    assert any(REASON in c for c in changes(response))


def test_the_history_page_is_a_logged_read(lampung, worker):
    lampung.get(history_url(worker))

    assert AccessLog.objects.filter(
        action=AccessAction.VIEW, subject_type="worker", subject_id=str(worker.pk)
    ).exists()


def test_an_officer_of_another_province_gets_no_history(jatim, worker):
    worker.full_name = "Nama Baru"
    worker.save()
    version = Worker.history.filter(id=worker.pk).latest("history_date")

    assert jatim.get(history_url(worker)).status_code == 404
    assert jatim.get(f"{history_url(worker)}{version.history_id}/").status_code == 404


def test_the_nik_never_enters_the_history_and_its_change_shows_as_changed(lampung, worker):
    new_nik = make_nik(serial=2)
    for name, value in identifier_fields("nik", new_nik).items():
        setattr(worker, name, value)
    worker.save()

    history_fields = {f.name for f in Worker.history.model._meta.get_fields()}
    assert not {"nik_encrypted", "nik_index"} & history_fields
    response = lampung.get(history_url(worker))
    shown = changes(response)
    assert any("(diubah)" in c for c in shown), shown
    assert not any(new_nik[-4:] in c or make_nik()[-4:] in c for c in shown), shown
    assert new_nik not in response.content.decode()


def test_a_document_number_never_enters_the_history(lampung, worker):
    document_upsert(worker=worker, doc_type="PASSPORT", number="C 1234567")
    document_upsert(worker=worker, doc_type="PASSPORT", number="C 7654321")
    document = Document.objects.get(worker=worker, doc_type="PASSPORT")

    history_fields = {f.name for f in Document.history.model._meta.get_fields()}
    assert not {"number_encrypted", "number_index"} & history_fields
    response = lampung.get(history_url(document))
    assert response.status_code == 200
    assert any("(diubah)" in c for c in changes(response)), changes(response)
    assert "1234567" not in response.content.decode()
    assert "7654321" not in response.content.decode()


def test_placement_and_complaint_histories_are_shown_in_scope(lampung, officer_jatim):
    placement = make_placement()
    complaint = make_complaint()
    jatim = Client()
    jatim.force_login(officer_jatim)

    for obj in (placement, complaint):
        assert lampung.get(history_url(obj)).status_code == 200, obj
        assert jatim.get(history_url(obj)).status_code == 404, obj
    assert Placement.history.filter(id=placement.pk).exists()
    assert Complaint.history.filter(id=complaint.pk).exists()


def test_the_access_code_hash_never_enters_the_history():
    assert "access_code_hash" not in {f.name for f in Complaint.history.model._meta.get_fields()}


def test_bulk_created_workers_and_bulk_written_documents_are_recorded():
    nik = make_nik(serial=41)
    ids = worker_bulk_create(
        people=[
            NewPerson(
                nik=nik,
                nik_index=identifier_fields("nik", nik)["nik_index"],
                full_name="Siti Impor",
                sex="F",
                birth_date=datetime.date(1999, 5, 17),
                village_code="18.07.01.2001",
            )
        ],
        districts={"18.07.01": False},
    )
    (worker_id,) = ids.values()
    created = Worker.history.get(id=worker_id)
    assert (created.history_type, created.full_name, created.history_change_reason) == (
        "+",
        "Siti Impor",
        "import",
    )

    values = {"issuer": "", "issued_date": None, "expiry_date": None, "acknowledged_village_id": None,
              "verification": "PENDING"}  # fmt: skip
    document_bulk_upsert(records=[DocumentRecord(worker_id, "PASSPORT", "C 1111111", values)])
    document_bulk_upsert(records=[DocumentRecord(worker_id, "PASSPORT", "C 2222222", values)])
    rows = Document.history.filter(worker_id=worker_id).order_by("history_date", "history_id")
    assert [r.history_type for r in rows] == ["+", "~"]
    assert rows[1].number_last4 == "2222"


def test_a_placement_import_records_the_new_and_the_changed_rows(tmp_path):
    from tests.placements.import_files import (
        AGENCY,
        JOB_ORDER,
        external_id,
        good_row,
        run_import,
        write_rows,
    )

    make_job_order(JOB_ORDER, agency=make_agency(licence_number=AGENCY), quota=20)
    rows = [good_row(n) for n in range(1, 4)]
    run_import(write_rows(tmp_path / "first.csv", rows))
    rows[1]["departure_date"] = "2026-08-17"
    run_import(write_rows(tmp_path / "second.csv", rows))

    changed = Placement.objects.get(external_id=external_id(2))
    versions = list(Placement.history.filter(id=changed.pk).order_by("history_date", "history_id"))
    assert [(v.history_type, v.history_change_reason) for v in versions] == [
        ("+", "import:import"),
        ("~", "import:import"),
    ]
    # the update's history is the row as stored, not the partial object the importer built
    assert (versions[1].departure_date, versions[1].external_id) == (
        datetime.date(2026, 8, 17),
        changed.external_id,
    )
    assert versions[1].created_at == changed.created_at
    assert Placement.history.filter(history_type="+").count() == 3
    assert Worker.history.filter(history_type="+", history_change_reason="import").count() == 3


def test_a_version_page_opens_for_the_officer_in_scope(lampung, worker):
    worker.full_name = "Nama Baru"
    worker.save()
    version = Worker.history.filter(id=worker.pk).latest("history_date")

    response = lampung.get(f"{history_url(worker)}{version.history_id}/")

    assert response.status_code == 200
    assert "Nama Baru" in text(response)
    assert make_nik() not in response.content.decode()


def test_a_bulk_write_during_a_request_names_the_officer_and_leaves_the_nik_out(officer_lampung, worker):
    from types import SimpleNamespace

    from simple_history.models import HistoricalRecords

    from portal.history import history_bulk_record_ids

    HistoricalRecords.context.request = SimpleNamespace(user=officer_lampung)
    try:
        history_bulk_record_ids(model=Worker, ids=[worker.pk], updated=True, reason="import:upload")
    finally:
        del HistoricalRecords.context.request
    last = Worker.history.filter(id=worker.pk).latest("history_id")
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "~",
        officer_lampung,
        "import:upload",
    )
    assert last.full_name == worker.full_name
    stored = {f.name for f in Worker.history.model._meta.concrete_fields}
    assert "nik_last4" in stored and not stored & {"nik_encrypted", "nik_index"}


def test_a_registration_records_the_history_row_simple_history_would():
    """The registration copies its history row from the table in one statement (portal.history,
    create_with_history); the row holds what simple-history's own row for the same record holds."""
    ours = make_worker(full_name="Rina Wati", email="rina@example.id")
    fields = {f.attname: getattr(ours, f.attname) for f in Worker._meta.concrete_fields}
    fields.update(id=None, registration_number="SIMPLEHIST1")
    theirs = Worker.objects.create(**fields)  # simple-history's post_save writes this one's row

    ignored = {"id", "history_id", "history_date", "registration_number", "created_at", "updated_at"}

    def row(worker):
        [only] = Worker.history.filter(id=worker.pk).values()
        return {name: value for name, value in only.items() if name not in ignored}

    assert row(ours) == row(theirs)
    assert row(ours)["history_type"] == "+" and row(ours)["history_change_reason"] is None
    assert "nik_encrypted" not in row(ours)


def test_a_registration_builds_no_history_object_in_python(monkeypatch):
    from simple_history.models import HistoricalRecords

    def refused(*args, **kwargs):
        raise AssertionError("simple-history built the registration's history row in Python")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", refused)
    worker = make_worker()
    assert Worker.history.filter(id=worker.pk, history_type="+").count() == 1
