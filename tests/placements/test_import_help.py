"""Imports that help (issue 15, item 4): a template to start from, every error of every row reported,
and a dry run that says what would happen while writing nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from placements.models import Placement
from portal.exchange import DOCUMENT_COLUMNS, PLACEMENT_COLUMNS
from tests.placements.builders import D, make_nik, make_worker
from tests.placements.pages import texts_of_class
from workers.models import Document, Worker

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/placements/placement/import/"
NIK = make_nik("18.07.01", "F", D(1996, 8, 12), 77)


def command(name: str, *args, language: str = "en") -> str:
    out = io.StringIO()
    with translation.override("id"):
        call_command(name, *map(str, args), "--language", language, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_csv(path, columns, rows: list[dict]):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def placement_row(**changes) -> dict:
    return {
        "external_id": "LTIM-1",
        "nik": NIK,
        "full_name": "Siti Aminah",
        "sex": "F",
        "birth_date": "1996-08-12",
        "village_code": "18.07.01.2001",
        "scheme": "P2P",
        "destination_country": "TW",
        "position": "CAREGIVER",
        "departure_date": "2026-05-04",
        "phase": "MASA",
        **changes,
    }


def rejected(report) -> list[tuple[int, str]]:
    with open(report, encoding="utf-8", newline="") as handle:
        return [(int(r["line"]), r["column"]) for r in csv.DictReader(handle)]


# --- every error of every row -------------------------------------------------------------------


def test_a_placement_row_with_three_errors_reports_all_three(tmp_path):
    bad = placement_row(departure_date="2026-02-30", scheme="P2X", destination_country="XX")
    source = write_csv(tmp_path / "p.csv", PLACEMENT_COLUMNS, [bad, placement_row(external_id="LTIM-2")])
    report = tmp_path / "rejected.csv"

    output = command("import_placements", source, "--report", report)

    assert sorted(rejected(report)) == [(2, "departure_date"), (2, "destination_country"), (2, "scheme")]
    assert "line 2, column departure_date: Not a date" in output
    assert "line 2, column scheme: Unknown value P2X" in output
    assert "line 2, column destination_country:" in output
    # Three errors, but one rejected row: the counts speak of rows.
    assert "1 rows loaded (1 new, 0 changed, 0 unchanged), 1 rejected." in output
    assert list(Placement.objects.values_list("external_id", flat=True)) == ["LTIM-2"]


def test_a_document_row_with_two_errors_reports_both(tmp_path):
    make_worker(sex="F", birth_date=D(1996, 8, 12), serial=77)
    rows = [{"nik": NIK, "doc_type": "VISA", "issued_date": "5 Jan 2026", "verified": "maybe"}]
    source, report = write_csv(tmp_path / "d.csv", DOCUMENT_COLUMNS, rows), tmp_path / "rejected.csv"

    command("import_documents", source, "--report", report)

    assert sorted(rejected(report)) == [(2, "doc_type"), (2, "issued_date"), (2, "verified")]
    assert not Document.objects.exists()


# --- dry run --------------------------------------------------------------------------------------


def test_a_dry_run_of_the_command_reports_what_would_happen_and_writes_nothing(tmp_path):
    rows = [placement_row(), placement_row(external_id="LTIM-2", scheme="P2X")]
    source = write_csv(tmp_path / "p.csv", PLACEMENT_COLUMNS, rows)

    output = command("import_placements", source, "--dry-run")

    assert "Dry run: nothing was written." in output
    assert "1 rows loaded (1 new, 0 changed, 0 unchanged), 1 rejected." in output
    assert "line 3, column scheme:" in output
    assert not Placement.objects.exists() and not Worker.objects.exists()

    command("import_placements", source)  # the real run does what the dry run announced
    assert Placement.objects.count() == 1


def test_a_dry_run_of_the_documents_command_writes_nothing(tmp_path):
    make_worker(sex="F", birth_date=D(1996, 8, 12), serial=77)
    source = write_csv(tmp_path / "d.csv", DOCUMENT_COLUMNS, [{"nik": NIK, "doc_type": "PASSPORT"}])

    output = command("import_documents", source, "--dry-run")

    assert "1 rows loaded (1 new, 0 changed, 0 unchanged), 0 rejected." in output
    assert not Document.objects.exists()


def upload(client, content: str, **fields):
    data = {"kind": "placements", "source": "", **fields}
    data["file"] = SimpleUploadedFile("placements.csv", content.encode(), content_type="text/csv")
    return client.post(IMPORT_URL, data)


def csv_text(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_dry_run_upload_in_the_admin_shows_the_outcome_and_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    content = csv_text(
        PLACEMENT_COLUMNS, [placement_row(), placement_row(external_id="X", sex="Q", phase="NOW")]
    )

    response = upload(client, content, dry_run="on")

    assert response.status_code == 200
    report = " ".join(texts_of_class(response, "import-report"))
    assert "Uji coba: tidak ada yang ditulis." in report
    assert "1 baris dimuat (1 baru, 0 berubah, 0 tetap), 1 ditolak." in report
    assert "baris 3, kolom sex:" in report and "baris 3, kolom phase:" in report
    assert not Placement.objects.exists() and not Worker.objects.exists()


# --- templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, columns", [("import_placements", PLACEMENT_COLUMNS), ("import_documents", DOCUMENT_COLUMNS)]
)
def test_the_command_prints_a_template_with_the_header_an_example_and_the_allowed_values(name, columns):
    template = command(name, "--template")

    lines = list(csv.reader(io.StringIO(template)))
    assert tuple(lines[0]) == columns
    assert len(lines) >= 3
    allowed = dict(zip(lines[0], lines[2], strict=False))
    assert allowed[columns[0]].startswith("#")
    code_column = "scheme" if name == "import_placements" else "doc_type"
    assert "MANDIRI" in allowed[code_column] or "PASSPORT" in allowed[code_column]


def test_the_placement_template_imports_as_it_is(tmp_path):
    source = tmp_path / "template.csv"
    source.write_text(command("import_placements", "--template"), encoding="utf-8")

    output = command("import_placements", source)

    assert "1 rows loaded (1 new, 0 changed, 0 unchanged), 0 rejected." in output


def test_the_documents_template_imports_once_its_person_exists(tmp_path):
    source = tmp_path / "template.csv"
    source.write_text(command("import_documents", "--template"), encoding="utf-8")
    example = next(csv.DictReader(io.StringIO(source.read_text())))
    make_worker(sex="F", birth_date=D(1996, 8, 12), serial=77)
    assert example["nik"] == NIK

    output = command("import_documents", source)

    assert "1 rows loaded (1 new, 0 changed, 0 unchanged), 0 rejected." in output


@pytest.mark.parametrize(
    "kind, columns", [("placements", PLACEMENT_COLUMNS), ("documents", DOCUMENT_COLUMNS)]
)
def test_the_import_page_links_a_template_download(client, officer_lampung, kind, columns):
    client.force_login(officer_lampung)
    url = f"{IMPORT_URL}template/{kind}/"

    assert url in client.get(IMPORT_URL).content.decode()
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{kind}.csv"' in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == list(columns)


def test_the_template_download_needs_the_import_permission(client, dprd_lampungtimur):
    client.force_login(dprd_lampungtimur)
    assert client.get(f"{IMPORT_URL}template/placements/").status_code in (302, 403)
