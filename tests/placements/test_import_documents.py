"""`manage.py import_documents` (exchange-format.md): checklist documents for workers matched by NIK,
numbers stored encrypted, bad rows reported by line and column, a second import changes nothing."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from portal import crypto
from portal.exchange import DOCUMENT_COLUMNS
from tests.placements.builders import D, make_nik, make_worker
from workers.models import Document

pytestmark = pytest.mark.django_db

NIK = make_nik("18.07.01", "F", D(1996, 8, 12), 77)
PASSPORT = "C 1234567"


@pytest.fixture
def worker():
    return make_worker(sex="F", birth_date=D(1996, 8, 12), serial=77)


def row(**values) -> dict:
    return {
        "nik": NIK,
        "issued_date": "2026-01-05",
        "expiry_date": "2031-01-04",
        "verified": "true",
        **values,
    }


def write(path, rows: list[dict]):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=DOCUMENT_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(path, report=None) -> str:
    out = io.StringIO()
    options = ["--language", "en", *(["--report", str(report)] if report else [])]
    with translation.override("id"):
        call_command("import_documents", str(path), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rejected(report) -> list[tuple[int, str]]:
    with open(report, encoding="utf-8", newline="") as handle:
        return [(int(r["line"]), r["column"]) for r in csv.DictReader(handle)]


def checklist(tmp_path):
    return write(
        tmp_path / "documents.csv",
        [
            row(doc_type="PASSPORT", number=PASSPORT),
            row(doc_type="MEDICAL", number="MCU-2026-0042", verified="false"),
            row(doc_type="FAMILY_PERMISSION", number="", acknowledged_village_code="18.07.01.2001"),
        ],
    )


def raw_document_text() -> str:
    """Every value of the document table as the database holds it: what a leaked backup would show."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM workers_document")
        return " ".join(str(value) for record in cursor.fetchall() for value in record)


def test_documents_are_created_for_the_worker_with_the_nik_in_the_file(tmp_path, worker):
    output = run_import(checklist(tmp_path))

    assert "3 rows loaded (3 new, 0 changed, 0 unchanged), 0 rejected." in output
    documents = {d.doc_type: d for d in Document.objects.filter(worker=worker)}
    assert set(documents) == {"PASSPORT", "MEDICAL", "FAMILY_PERMISSION"}
    assert documents["FAMILY_PERMISSION"].acknowledged_village_id == "18.07.01.2001"
    assert documents["PASSPORT"].expiry_date == D(2031, 1, 4)


def test_document_numbers_are_stored_encrypted_with_only_the_last_four_in_clear(tmp_path, worker):
    run_import(checklist(tmp_path))

    passport = Document.objects.get(doc_type="PASSPORT")
    assert crypto.decrypt(passport.number_encrypted) == "C1234567"
    assert passport.number_index == crypto.blind_index(PASSPORT)
    assert passport.number_masked == "••••4567"
    database = raw_document_text()
    assert "C1234567" not in database and "MCU-2026-0042" not in database


def test_the_verified_flag_sets_the_verification_state(tmp_path, worker):
    run_import(checklist(tmp_path))

    documents = {d.doc_type: d for d in Document.objects.all()}
    assert documents["PASSPORT"].verification == "VERIFIED"
    assert documents["PASSPORT"].verified_at is not None
    assert documents["MEDICAL"].verification == "PENDING"
    assert documents["MEDICAL"].verified_at is None


def test_a_row_for_an_unknown_nik_is_rejected_on_the_nik_column(tmp_path, worker):
    stranger = make_nik("18.07.02", "M", D(1990, 3, 9), 5)
    source = write(
        tmp_path / "documents.csv", [row(doc_type="PASSPORT", number="C1"), row(nik=stranger, doc_type="KTP")]
    )
    report = tmp_path / "rejected.csv"

    output = run_import(source, report)

    assert rejected(report) == [(3, "nik")]
    assert "line 3, column nik: No worker with this NIK" in output
    assert Document.objects.count() == 1


def test_the_same_document_type_twice_for_one_person_is_rejected_the_second_time(tmp_path, worker):
    # The same NIK written with spaces is the same person.
    spaced = f"{NIK[:6]} {NIK[6:12]} {NIK[12:]}"
    rows = [
        row(doc_type="PASSPORT", number="C1"),
        row(doc_type="KTP"),
        row(nik=spaced, doc_type="passport", number="C2"),
    ]
    report = tmp_path / "rejected.csv"

    run_import(write(tmp_path / "documents.csv", rows), report)

    assert rejected(report) == [(4, "doc_type")]
    assert crypto.decrypt(Document.objects.get(doc_type="PASSPORT").number_encrypted) == "C1"


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"acknowledged_village_code": "18.07.01.9999"}, "acknowledged_village_code"),
        ({"doc_type": "SURAT_SAKTI"}, "doc_type"),
        ({"issued_date": "05-01-2026"}, "issued_date"),
        ({"expiry_date": "2025-12-31"}, "expiry_date"),
        ({"verified": "mungkin"}, "verified"),
        ({"nik": ""}, "nik"),
    ],
)
def test_a_bad_value_rejects_only_its_row(tmp_path, worker, bad, column):
    rows = [
        row(doc_type="PASSPORT", number="C1"),
        row(**{"doc_type": "FAMILY_PERMISSION", **bad}),
        row(doc_type="KTP"),
    ]
    report = tmp_path / "rejected.csv"

    run_import(write(tmp_path / "documents.csv", rows), report)

    assert rejected(report) == [(3, column)]
    assert sorted(Document.objects.values_list("doc_type", flat=True)) == ["KTP", "PASSPORT"]


def test_importing_the_same_documents_again_changes_nothing(tmp_path, worker):
    source = checklist(tmp_path)
    run_import(source)
    before = list(
        Document.objects.order_by("id").values_list("id", "updated_at", "number_encrypted", "verified_at")
    )

    output = run_import(source)

    assert "3 rows loaded (0 new, 0 changed, 3 unchanged), 0 rejected." in output
    after = list(
        Document.objects.order_by("id").values_list("id", "updated_at", "number_encrypted", "verified_at")
    )
    assert after == before


def test_a_changed_number_updates_that_document_only(tmp_path, worker):
    run_import(checklist(tmp_path))
    medical = Document.objects.get(doc_type="MEDICAL")
    before = dict(Document.objects.values_list("id", "updated_at"))
    changed = write(
        tmp_path / "changed.csv",
        [
            row(doc_type="PASSPORT", number=PASSPORT),
            row(doc_type="MEDICAL", number="MCU-2026-0099", verified="false"),
            row(doc_type="FAMILY_PERMISSION", number="", acknowledged_village_code="18.07.01.2001"),
        ],
    )

    output = run_import(changed)

    assert "3 rows loaded (0 new, 1 changed, 2 unchanged), 0 rejected." in output
    after = dict(Document.objects.values_list("id", "updated_at"))
    assert [pk for pk in before if after[pk] != before[pk]] == [medical.pk]
    medical.refresh_from_db()
    assert (crypto.decrypt(medical.number_encrypted), medical.number_last4) == ("MCU-2026-0099", "0099")


def test_verifying_a_document_by_import_records_when(tmp_path, worker):
    run_import(checklist(tmp_path))
    started = datetime.datetime.now(tz=datetime.UTC)
    rows = [row(doc_type="MEDICAL", number="MCU-2026-0042", verified="true")]

    run_import(write(tmp_path / "verified.csv", rows))

    medical = Document.objects.get(doc_type="MEDICAL")
    assert medical.verification == "VERIFIED"
    assert medical.verified_at >= started
