"""Checks on uploaded files: size, extension and the type read from the file's own first bytes.

A file is accepted only when all three agree, so an executable renamed to `.pdf` is refused.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
    return content_type
