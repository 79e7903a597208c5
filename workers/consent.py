"""The privacy notice shown before registration (UU 27/2022). Changing the text means a new version."""

import hashlib

from django.utils.translation import gettext as _

NOTICE_VERSION = "2026-11"


def registration_notice() -> str:
    return _(
        "BP3MI processes the data in this form to register you as a prospective migrant worker, to check "
        "that your placement follows the legal route, and to protect you before, during and after your "
        "work abroad. Your NIK is stored encrypted and shown only to the officers of the BP3MI office that "
        "serves your village; every time an officer opens your data it is recorded. You may ask to see, "
        "correct or receive a copy of your data, or withdraw this consent, at any BP3MI office."
    )


def notice_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
