"""Attachments that are what they claim (issue 11, item 8): images are re-encoded before they are stored,
PDFs with active content are refused, and file names lose control and bidi characters."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from PIL import Image

from complaints.models import Attachment, Complaint
from complaints.services import complaint_attach
from tests.complaints.builders import PDF, form_data, make_complaint, upload

pytestmark = pytest.mark.django_db

ACTIVE_PDF = "Berkas PDF ini memuat skrip, tindakan otomatis, atau berkas sisipan"
PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path, office_lampung):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


def image_bytes(kind: str, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=kind, **save)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_html_polyglot() -> bytes:
    """A PNG that browsers sniffing for HTML would run: the payload in a text chunk and after IEND."""
    png = image_bytes("PNG")
    iend = png.rindex(b"IEND") - 4
    return png[:iend] + png_chunk(b"tEXt", b"Comment\x00" + PAYLOAD) + png[iend:] + PAYLOAD


def pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.7\n1 0 obj\n" + body + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def compressed_object_stream(inner: bytes) -> bytes:
    """PDF 1.5 hides objects in compressed streams: a scan of the raw bytes alone would miss them."""
    data = zlib.compress(inner)
    return (
        b"<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    )


ACTIVE_PDFS = {
    "open-action-javascript": pdf_with(
        b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    ),
    "launch": pdf_with(b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>"),
    "embedded-files": pdf_with(b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>"),
    "embedded-file": pdf_with(b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream"),
    "name-spelled-in-hex": pdf_with(b"<< /Type /Catalog /AA << /O << /S /J#61vaScript /J#53 (x) >> >> >>"),
    "javascript-in-an-object-stream": pdf_with(
        compressed_object_stream(b"<< /S /JavaScript /JS (app.launchURL('http://evil.example')) >>")
    ),
}


def stored_bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


# --- images: re-encoded, so only pixels survive ------------------------------------------------------------


def test_a_png_html_polyglot_is_stored_without_its_payload():
    attachment = complaint_attach(complaint=make_complaint(), upload=upload("bukti.png", png_html_polyglot()))

    stored = stored_bytes(attachment)
    assert b"<script" not in stored and b"<html" not in stored
    assert Image.open(io.BytesIO(stored)).size == (8, 8)
    assert attachment.content_type == "image/png"
    assert attachment.size == len(stored)


def test_a_photo_is_stored_without_its_exif_location():
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (5.0, 6.0, 7.0)}  # GPS latitude
    exif[0x010E] = PAYLOAD.decode()  # image description
    photo = image_bytes("JPEG", exif=exif.tobytes())

    attachment = complaint_attach(complaint=make_complaint(), upload=upload("foto.jpg", photo))

    stored = stored_bytes(attachment)
    assert b"<script" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert attachment.content_type == "image/jpeg"


def test_an_image_that_cannot_be_decoded_is_refused_and_nothing_is_stored(private_media):
    broken = image_bytes("PNG")[:40]  # the signature and the header, but no pixels

    with pytest.raises(ValidationError):
        complaint_attach(complaint=make_complaint(), upload=upload("foto.png", broken))

    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in Path(private_media).rglob("*"))


# --- PDFs: active content refused, with a message that says what to do ---------------------------------------


@pytest.mark.parametrize("name", list(ACTIVE_PDFS))
def test_a_pdf_with_active_content_is_refused_with_a_clear_message(name):
    with pytest.raises(ValidationError) as refused:
        complaint_attach(complaint=make_complaint(), upload=upload("surat.pdf", ACTIVE_PDFS[name]))

    assert ACTIVE_PDF in refused.value.messages[0]
    assert not Attachment.objects.exists()


def test_the_public_form_shows_the_pdf_message_and_files_nothing(client):
    data = {**form_data(), "attachment": upload("surat.pdf", ACTIVE_PDFS["open-action-javascript"])}

    response = client.post("/pengaduan/", data)

    assert response.status_code == 200
    assert ACTIVE_PDF in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_plain_pdf_is_kept_byte_for_byte():
    attachment = complaint_attach(complaint=make_complaint(), upload=upload("surat.pdf", PDF))

    assert stored_bytes(attachment) == PDF


# --- file names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("bukti\u202efdp.exe.pdf", "buktifdp.exe.pdf"),  # right-to-left override
        ("\u2066surat\u2069 resmi.pdf", "surat resmi.pdf"),  # isolates
        ("surat\x07\x1b.pdf", "surat.pdf"),  # control characters
        ("..\\..\\surat.pdf", "surat.pdf"),  # a Windows path
    ],
)
def test_a_file_name_loses_bidi_and_control_characters(sent, kept):
    attachment = complaint_attach(complaint=make_complaint(), upload=upload(sent, PDF))

    assert attachment.original_name == kept
    assert Complaint.objects.get().events.filter(text=kept).exists()


def test_a_download_names_the_cleaned_file(admin_user):
    attachment = complaint_attach(complaint=make_complaint(), upload=upload("bukti\u202efdp.pdf", PDF))
    staff = Client()
    staff.force_login(admin_user)

    response = staff.get(f"/admin/complaints/complaint/{attachment.complaint_id}/attachment/{attachment.pk}/")

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "buktifdp.pdf" in disposition
    assert "\u202e" not in disposition and "%E2%80%AE" not in disposition.upper()
