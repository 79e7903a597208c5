"""Attachments: checked by their own bytes, kept in private storage, downloaded only by staff in scope
through a logged admin view, never reachable at a public URL."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import AccessAction, AccessLog
from complaints.files import MAX_BYTES, validate_upload
from complaints.models import Attachment, Complaint
from complaints.services import complaint_attach
from tests.complaints.builders import (
    LINUX_ELF,
    PDF,
    PNG,
    WINDOWS_EXE,
    form_data,
    make_complaint,
    upload,
)
from tests.workers.pages import text_of

pytestmark = pytest.mark.django_db

NOT_WHAT_IT_SAYS = "Isi berkas ini tidak sesuai dengan namanya. Kirim berkas PDF, JPG, atau PNG yang asli."
WRONG_KIND = "Kirim berkas PDF, JPG, atau PNG."
TOO_BIG = "Berkas lebih dari 5 MB."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def download_url(attachment) -> str:
    return f"/admin/complaints/complaint/{attachment.complaint_id}/attachment/{attachment.pk}/"


def downloads(attachment):
    return AccessLog.objects.filter(action=AccessAction.DOWNLOAD, subject_id=str(attachment.complaint_id))


@pytest.fixture
def attachment(office_lampung):
    return complaint_attach(complaint=make_complaint(), upload=upload("bukti-transfer.pdf", PDF))


# --- The check on the bytes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slip-gaji.pdf", WINDOWS_EXE, NOT_WHAT_IT_SAYS),
        ("slip-gaji.pdf", LINUX_ELF, NOT_WHAT_IT_SAYS),
        ("foto.pdf", PNG, NOT_WHAT_IT_SAYS),
        ("foto.jpg", PNG, NOT_WHAT_IT_SAYS),
        ("program.exe", WINDOWS_EXE, WRONG_KIND),
        ("slip-gaji.pdf.exe", PDF, WRONG_KIND),
        ("tanpa-nama", PDF, WRONG_KIND),
    ],
    ids=["exe-as-pdf", "elf-as-pdf", "png-as-pdf", "png-as-jpg", "exe", "pdf-bytes-as-exe", "no-extension"],
)
def test_a_file_whose_bytes_or_name_are_not_allowed_is_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))

    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("slip-gaji.pdf", PDF, "application/pdf"),
        ("SLIP-GAJI.PDF", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    ],
)
def test_a_real_pdf_or_image_is_accepted_with_the_type_read_from_its_bytes(name, content, content_type):
    assert validate_upload(upload(name, content, "application/x-msdownload")) == content_type


def test_a_file_over_5_mb_is_refused():
    too_big = PDF + b"\x00" * (MAX_BYTES + 1 - len(PDF))

    with pytest.raises(ValidationError) as error:
        validate_upload(upload("besar.pdf", too_big))

    assert error.value.messages == [TOO_BIG]


def test_a_file_of_exactly_5_mb_is_accepted():
    assert validate_upload(upload("pas.pdf", PDF + b"\x00" * (MAX_BYTES - len(PDF)))) == "application/pdf"


# --- Through the public form ---------------------------------------------------------------------------


def test_an_executable_renamed_to_pdf_is_refused_on_the_form_and_nothing_is_kept(
    client, office_lampung, private_media
):
    response = client.post("/pengaduan/", {**form_data(), "attachment": upload("slip-gaji.pdf", WINDOWS_EXE)})

    assert response.status_code == 200
    assert text_of(response, "id_attachment_error") == NOT_WHAT_IT_SAYS
    assert not Complaint.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(private_media) == []


def test_a_png_named_pdf_is_refused_on_the_form(client, office_lampung):
    response = client.post("/pengaduan/", {**form_data(), "attachment": upload("foto.pdf", PNG)})

    assert text_of(response, "id_attachment_error") == NOT_WHAT_IT_SAYS
    assert not Complaint.objects.exists()


def test_a_file_over_5_mb_is_refused_on_the_form(client, office_lampung):
    too_big = PDF + b"\x00" * (MAX_BYTES + 1 - len(PDF))

    response = client.post("/pengaduan/", {**form_data(), "attachment": upload("besar.pdf", too_big)})

    assert text_of(response, "id_attachment_error") == TOO_BIG
    assert not Complaint.objects.exists()


def test_a_real_pdf_is_accepted_and_kept_in_private_storage(client, office_lampung, private_media):
    response = client.post("/pengaduan/", {**form_data(), "attachment": upload("bukti-transfer.pdf", PDF)})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.complaint == Complaint.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "bukti-transfer.pdf", "application/pdf", len(PDF)
    )  # fmt: skip
    path = Path(attachment.file.path)
    assert path.is_relative_to(private_media)
    assert path.read_bytes() == PDF
    # The reporter's file name may itself be personal: it is not the stored name.
    assert "bukti" not in attachment.file.name
    assert stored_files(private_media) == [path]


# --- Downloads -----------------------------------------------------------------------------------------


def test_an_officer_in_scope_downloads_the_file_and_the_download_is_logged(
    client, officer_lampung, attachment
):
    client.force_login(officer_lampung)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "bukti-transfer.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    entry = downloads(attachment).get()
    assert (entry.user, entry.subject_type, entry.detail) == (
        officer_lampung, "complaint", {"attachment": attachment.pk}
    )  # fmt: skip


def test_each_download_writes_its_own_access_log_row(client, officer_lampung, attachment):
    client.force_login(officer_lampung)

    for _ in range(2):
        b"".join(client.get(download_url(attachment)).streaming_content)

    assert downloads(attachment).count() == 2


def test_an_officer_of_another_province_gets_404_and_no_log(client, officer_jatim, attachment):
    client.force_login(officer_jatim)

    response = client.get(download_url(attachment))

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_an_attachment_cannot_be_fetched_through_another_complaint(client, officer_lampung, attachment):
    other = make_complaint()
    client.force_login(officer_lampung)

    response = client.get(f"/admin/complaints/complaint/{other.pk}/attachment/{attachment.pk}/")

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, attachment):
    response = client.get(download_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_clients_are_not_staff_and_cannot_download(client, request, persona, attachment):
    user = request.getfixturevalue(persona)
    assert not user.is_staff
    client.force_login(user)

    response = client.get(download_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not AccessLog.objects.exists()


def test_the_file_is_not_reachable_at_any_public_url(client, attachment, private_media):
    name = attachment.file.name
    anonymous = Client()

    for url in (f"/static/{name}", f"/{name}", f"/media/{name}", f"/private-media/{name}"):
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))
    static_roots = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert not any(Path(attachment.file.path).is_relative_to(root) for root in static_roots)
