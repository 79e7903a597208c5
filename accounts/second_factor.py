"""The second factor of every password sign-in: who needs it, and the writes that enrol and verify it.

Built on django-otp: a TOTP device per user (any authenticator app) and a static device holding the
single-use recovery codes. The middleware in `accounts.middleware` holds every page back until the
session is verified; these functions are the only place a device is created, confirmed or used.
"""

import base64
import re

from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import TOKEN_ONLY_ROLES
from accounts.scoping import user_roles
from portal.qr import qr_svg_data_uri

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_SIX_DIGITS = re.compile(r"\d{6}")


def needs_second_factor(user) -> bool:
    """Every user signed in to a session: sessions come only from a password sign-in, so every role
    that signs in with a password, present or future, needs the second factor. API tokens never make a
    session user and are not affected; an API client that signs in with its password is held back too."""
    return bool(user.is_authenticated)


def enrols_in_demo(user) -> bool:
    """Demo users that sign in with a password (API clients use their token)."""
    return not user_roles(user) <= TOKEN_ONLY_ROLES


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalise_code(code: str) -> str:
    # People type codes with the spaces and dashes their app shows; recovery codes are stored lowercase.
    return re.sub(r"[\s-]", "", code).lower()


def second_factor_enrol_start(*, user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call: a reload shows the same secret, so a
    code from an app that already scanned it still works."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
        return device


def second_factor_enrol_confirm(*, user, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a first code from the app; issue fresh recovery codes.

    Returns the device and the recovery codes (shown once), or None when the code is wrong or the user
    already has an authenticator: a password alone never replaces one (an administrator deletes a lost
    one in the admin, then the user enrols again).
    """
    with transaction.atomic():
        if has_confirmed_device(user):
            return None
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("id").first()
        )
        if device is None or not device.verify_token(normalise_code(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(user=user)
        return device, codes


def second_factor_enrol_demo(*, user) -> TOTPDevice:
    """A confirmed authenticator for a demo user (seed_demo, development only): the existing one when
    there is one, so seeding twice prints the same secret and an app set up earlier keeps working."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
        return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def recovery_codes_issue(*, user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        return codes


def second_factor_verify(*, user, code: str) -> Device | None:
    """The confirmed device that accepts `code`, or None.

    Six digits go to the authenticator (which refuses a code at or before the last one it accepted),
    anything else to the recovery codes (each deleted when used), so a typo in one kind does not
    throttle the other. django-otp's own throttling slows repeated failures per device.
    """
    code = normalise_code(code)
    wanted = TOTPDevice if _SIX_DIGITS.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, wanted) and device.verify_token(code):
                return device
    return None


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data URI: drawn on the server, no script, no outside service."""
    return qr_svg_data_uri(device.config_url)
