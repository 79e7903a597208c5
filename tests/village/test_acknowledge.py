"""Verify and acknowledge: the village records the domicile verified and the family permission letter
acknowledged by its head; the family-permission document carries it, and NP-PERMISSION-VILLAGE reads it."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import AccessAction, AccessLog
from portal.errors import ApplicationError
from tests.builders import SUKADANA, make_worker
from tests.complaints.builders import LINUX_ELF, PDF, REAL_PNG, upload
from tests.rules.builders import flag_of, flagged, give_documents, make_placement
from village.models import Acknowledgement
from village.services import acknowledgement_record
from workers.models import Document

pytestmark = pytest.mark.django_db

NEIGHBOUR = "18.07.01.2002"
TODAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


def url(worker):
    return reverse("village:acknowledge", args=[worker.pk])


def form(**overrides):
    data = {
        "domicile_verified": "on",
        "acknowledged_on": str(timezone.localdate()),
        "signatory_name": "Bapak Kepala Desa Sukadana",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def permission(worker) -> Document:
    return Document.objects.get(worker=worker, doc_type="FAMILY_PERMISSION")


def test_the_acknowledgement_becomes_the_family_permission_documents_acknowledgement(desk, village_officer):
    worker = make_worker(SUKADANA)

    response = desk.post(url(worker), form())

    assert response.status_code == 302
    record = Acknowledgement.objects.get(worker=worker)
    assert record.domicile_verified
    assert record.signatory_name == "Bapak Kepala Desa Sukadana"
    assert record.village_id == SUKADANA
    assert record.recorded_by == village_officer
    assert permission(worker).acknowledged_village_id == SUKADANA


def test_an_existing_permission_letter_keeps_its_number_and_gets_the_acknowledgement(desk):
    worker = make_worker(SUKADANA)
    give_documents(worker, acknowledged_village=NEIGHBOUR)
    before = permission(worker)

    desk.post(url(worker), form())

    after = permission(worker)
    assert after.pk == before.pk
    assert after.number_last4 == before.number_last4
    assert after.acknowledged_village_id == SUKADANA


def test_np_permission_village_reads_what_the_desk_records(desk):
    placement = make_placement(make_worker(SUKADANA), documents=False)
    give_documents(placement.worker, acknowledged_village=NEIGHBOUR)
    assert flagged(placement, "NP-PERMISSION-VILLAGE")  # signed by another village's head

    desk.post(url(placement.worker), form())

    assert not flagged(placement, "NP-PERMISSION-VILLAGE")
    assert flag_of(placement, "NP-PERMISSION-VILLAGE").status != "OPEN"


def test_the_acknowledgement_refreshes_the_flags_once_it_commits(desk, django_capture_on_commit_callbacks):
    placement = make_placement(make_worker(SUKADANA), documents=False)
    give_documents(placement.worker, acknowledged_village=NEIGHBOUR)
    assert flagged(placement, "NP-PERMISSION-VILLAGE")

    with django_capture_on_commit_callbacks(execute=True):
        desk.post(url(placement.worker), form())

    assert flag_of(placement, "NP-PERMISSION-VILLAGE").status != "OPEN"


def test_the_page_shows_the_resident_and_logs_the_read(desk, village_officer):
    worker = make_worker(SUKADANA, full_name="Rina Sukadana")

    response = desk.get(url(worker))

    assert response.status_code == 200
    assert "Rina Sukadana" in response.content.decode()
    entry = AccessLog.objects.get(action=AccessAction.VIEW)
    assert (entry.subject_type, entry.subject_id, entry.username) == (
        "worker",
        str(worker.pk),
        "desa.sukadana",
    )


def test_a_resident_of_another_village_is_not_found(desk):
    outsider = make_worker(NEIGHBOUR)

    assert desk.get(url(outsider)).status_code == 404
    assert desk.post(url(outsider), form()).status_code == 404
    assert not Acknowledgement.objects.exists()
    assert not Document.objects.filter(worker=outsider, doc_type="FAMILY_PERMISSION").exists()


def test_the_service_refuses_a_worker_outside_the_officers_villages(village_officer):
    outsider = make_worker(NEIGHBOUR)

    with pytest.raises(ApplicationError):
        acknowledgement_record(
            worker=outsider, user=village_officer, domicile_verified=True, acknowledged_on=TODAY,
            signatory_name="Kepala Desa",
        )  # fmt: skip
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"domicile_verified": None},
        {"signatory_name": ""},
        {"acknowledged_on": str(timezone.localdate() + datetime.timedelta(days=2))},
    ],
)
def test_an_incomplete_or_impossible_acknowledgement_is_refused(desk, overrides):
    worker = make_worker(SUKADANA)

    response = desk.post(url(worker), form(**overrides))

    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()
    assert not Document.objects.filter(worker=worker, doc_type="FAMILY_PERMISSION").exists()


def test_a_scanned_image_is_re_encoded_without_its_metadata(desk):
    worker = make_worker(SUKADANA)
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # camera make: metadata that must not survive
    Image.new("RGB", (8, 8), "white").save(photo, format="JPEG", exif=exif)
    scan = upload("surat izin.jpg", photo.getvalue(), "image/jpeg")

    desk.post(url(worker), {**form(), "scan": scan})

    record = Acknowledgement.objects.get(worker=worker)
    stored = record.scan.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"Kamera Rahasia" not in stored
    assert "surat" not in record.scan.name
    assert record.scan_content_type == "image/jpeg"


def test_a_pdf_scan_is_kept(desk):
    worker = make_worker(SUKADANA)

    desk.post(url(worker), {**form(), "scan": upload("izin.pdf", PDF, "application/pdf")})

    assert Acknowledgement.objects.get(worker=worker).scan.read() == PDF


@pytest.mark.parametrize("name, content", [("izin.pdf", LINUX_ELF), ("izin.png", b"not a picture")])
def test_a_file_that_is_not_what_it_says_is_refused(desk, name, content):
    worker = make_worker(SUKADANA)

    response = desk.post(url(worker), {**form(), "scan": upload(name, content)})

    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()


def test_a_png_scan_is_accepted(desk):
    worker = make_worker(SUKADANA)

    desk.post(url(worker), {**form(), "scan": upload("izin.png", REAL_PNG, "image/png")})

    assert Acknowledgement.objects.get(worker=worker).scan_content_type == "image/png"
