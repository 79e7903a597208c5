"""Checks on uploaded files: size, extension and the type read from the file's own first bytes.

A file is accepted only when all three agree, so an executable renamed to `.pdf` is refused. Beyond
the label, the content must be harmless: images are decoded and re-encoded (only pixels survive, so a
PNG/HTML polyglot or an EXIF location is dropped) and PDFs that can run anything are refused.
"""

import io
import re
import zlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {  # content type: (extensions, leading bytes)
    "application/pdf": ({".pdf"}, (b"%PDF-",)),
    "image/jpeg": ({".jpg", ".jpeg"}, (b"\xff\xd8\xff",)),
    "image/png": ({".png"}, (b"\x89PNG\r\n\x1a\n",)),
}


def sniff(head: bytes) -> str | None:
    for content_type, (_extensions, magics) in SIGNATURES.items():
        if any(head.startswith(magic) for magic in magics):
            return content_type
    return None


# PDF names that run code, act on opening or carry other files. A name may spell any character as #xx.
ACTIVE_PDF_NAMES = {b"javascript", b"js", b"launch", b"embeddedfile", b"embeddedfiles", b"richmedia"}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# A compressed stream may not unpack past this: a small upload must not become gigabytes in memory.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Larger images than a phone camera makes are refused rather than decoded (decompression bombs).
MAX_PIXELS = 50_000_000
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def _pdf_names(data: bytes) -> set[bytes]:
    return {
        _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name).lower()
        for name in _PDF_NAME.findall(data)
    }


def _unpacked_streams(data: bytes):
    budget = MAX_UNPACKED_BYTES
    for raw in _PDF_STREAM.findall(data):
        try:
            inflater = zlib.decompressobj()
            unpacked = inflater.decompress(raw, budget)
        except zlib.error:
            continue  # not Flate: images and fonts in other filters carry no PDF names
        budget -= len(unpacked)
        yield unpacked
        if budget <= 0:
            return


def pdf_is_active(data: bytes) -> bool:
    """True when the PDF names JavaScript, a launch action or embedded files, in its own bytes or in a
    compressed (object) stream."""
    if _pdf_names(data) & ACTIVE_PDF_NAMES:
        return True
    return any(_pdf_names(unpacked) & ACTIVE_PDF_NAMES for unpacked in _unpacked_streams(data))


def _refuse_active_pdf(upload) -> None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if pdf_is_active(data):
        raise ValidationError(
            _("This PDF contains scripts, automatic actions or embedded files, which we do not accept. "
              "Send it again without them, for example by printing it to a new PDF or sending a photo.")
        )  # fmt: skip


def reencoded_image(upload, content_type: str) -> ContentFile:
    """The image's pixels in a fresh file of the same type: no metadata, no trailing bytes, no chunks
    but the image's own. Raises ValidationError when the file does not decode as an image."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=[_FORMATS[content_type]]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This image is too large. Send a smaller photo."))
            image.load()
            picture = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not the kind its name says. Send a real PDF, JPG or PNG file.")
        ) from error
    finally:
        upload.seek(0)
    out = io.BytesIO()
    if content_type == "image/jpeg":
        picture.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        if picture.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}:
            picture = picture.convert("RGBA")
        picture.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue())


def validate_upload(upload) -> str:
    """The content type of an acceptable upload; raises ValidationError with a message for the user."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    allowed = {ext for extensions, _magic in SIGNATURES.values() for ext in extensions}
    if extension not in allowed:
        raise ValidationError(_("Send a PDF, JPG or PNG file."))
    if content_type is None or extension not in SIGNATURES[content_type][0]:
        raise ValidationError(_("This file is not the kind its name says. Send a real PDF, JPG or PNG file."))
    if content_type == "application/pdf":
        _refuse_active_pdf(upload)
    return content_type


def stored_content(upload, content_type: str):
    """What is kept of an accepted upload: images re-encoded, PDFs (already checked) as they came."""
    if content_type in _FORMATS:
        return reencoded_image(upload, content_type)
    upload.seek(0)
    return upload
