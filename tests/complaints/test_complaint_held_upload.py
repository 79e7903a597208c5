"""The complaint form keeps what the person gave (issue 14 item 5): a chosen file survives a
validation error or a no-JS region refresh (held server-side for the session, shown by name, with a
way to remove it, swept after a day); no category is preselected; one error per field."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from complaints.held_uploads import held_uploads_sweep
from complaints.models import Attachment, Complaint
from tests.complaints.builders import PDF, REAL_PNG, form_data
from tests.placements.pages import text, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


PNG = REAL_PNG


def photo(name="foto-slip.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def held_files(root: Path) -> list[Path]:
    folder = root / "held-uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_photo_survives_a_validation_error_and_is_sent_with_the_corrected_report(client, office_lampung):
    first = client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})

    assert first.status_code == 200
    assert "foto-slip.png" in text_of(first, "held-upload")
    assert not Complaint.objects.exists()

    second = client.post("/pengaduan/", form_data())  # the browser sends no file the second time

    assert second.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "foto-slip.png"
    with Image.open(attachment.file.path) as stored:  # re-encoded on the way in, the same picture
        assert (stored.format, stored.size) == ("PNG", (8, 8))


def test_a_photo_survives_a_no_js_region_refresh(client, office_lampung):
    refresh = {**form_data(), "village-district": "", "village-village": "", "_cascade": "1"}

    response = client.post("/pengaduan/", {**refresh, "attachment": photo("bukti.png")})

    assert response.status_code == 200
    assert "bukti.png" in text_of(response, "held-upload")
    assert client.post("/pengaduan/", form_data()).status_code == 302
    assert Attachment.objects.get().original_name == "bukti.png"


def test_the_held_photo_can_be_removed_and_the_report_goes_without_it(client, office_lampung, private_media):
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})
    assert len(held_files(private_media)) == 1

    removed = client.post("/pengaduan/", {**form_data(), "remove_upload": "x"})

    assert removed.status_code == 200
    assert "foto-slip.png" not in text(removed)
    assert held_files(private_media) == []
    assert client.post("/pengaduan/", form_data()).status_code == 302
    assert not Attachment.objects.exists()


def test_another_file_replaces_the_held_one(client, office_lampung, private_media):
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo("surat.pdf", PDF)})

    assert len(held_files(private_media)) == 1
    assert client.post("/pengaduan/", form_data()).status_code == 302
    assert Attachment.objects.get().original_name == "surat.pdf"


def test_the_held_file_is_gone_once_the_report_is_filed(client, office_lampung, private_media):
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})
    client.post("/pengaduan/", form_data())

    assert held_files(private_media) == []


def test_another_session_never_gets_someone_elses_held_file(client, office_lampung):
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})

    assert Client().post("/pengaduan/", form_data()).status_code == 302
    assert not Attachment.objects.exists()


def test_files_held_longer_than_a_day_are_swept(client, office_lampung, private_media):
    client.post("/pengaduan/", {**form_data(description="pendek"), "attachment": photo()})

    assert held_uploads_sweep(now=timezone.now() + datetime.timedelta(hours=23)) == 0
    assert held_uploads_sweep(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert held_files(private_media) == []


def test_no_category_is_preselected(client):
    html = client.get("/pengaduan/").content.decode()

    select = html[html.index('name="category"') : html.index("</select>", html.index('name="category"'))]
    assert "selected" not in select.replace('value="" selected', "")
    assert '<option value="" selected>' in select


def test_a_report_without_a_category_is_refused_with_one_message(client, office_lampung):
    response = client.post("/pengaduan/", form_data(category=""))

    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert text_of(response, "id_category_error")


def test_an_invalid_phone_gets_one_message_not_two(client, office_lampung):
    response = client.post("/pengaduan/", form_data(reporter_phone="12"))

    error = response.content.decode().split('id="id_reporter_phone_error"', 1)[1].split("</div>", 1)[0]
    assert error.count("<p>") == 1
