"""The signed-in user of a request, read in one query with what every request asks of her next.

Django reads the user, then django-otp reads the device her session was verified with, then the scope asks
for her roles: three queries before a staff page or API call does anything of its own (with the session,
a third of a staff API list's time, P6). Here the user is read with her role names and the ids of her
confirmed TOTP devices; `OTPMiddleware` checks the session's device against those ids. On PostgreSQL only
(arrays); elsewhere each is read when first asked, as before. Her profile (an officer's regions) is still
read when first asked: joining it cost every request more to compile than it saves the officers.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, CharField
from django.db.models.expressions import RawSQL
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.scoping import remember_roles

_TOTP_LABEL = TOTPDevice.model_label()


def user_signed_in(user_id) -> object | None:
    """The user; on PostgreSQL with her roles and the ids of her confirmed TOTP devices."""
    users = get_user_model()._default_manager.all()
    if connection.vendor == "postgresql":
        users = users.annotate(**_arrays())
    user = users.filter(pk=user_id).first()
    if user is not None and hasattr(user, "role_names"):
        remember_roles(user, user.role_names)
    return user


@functools.cache
def _arrays() -> dict[str, RawSQL]:
    """Her group names and confirmed TOTP device ids as two arrays, written once: the ORM's subqueries took
    more to compile on every request than they saved."""
    User = get_user_model()
    user = f'"{User._meta.db_table}"."{User._meta.pk.column}"'  # type: ignore[union-attr]
    groups, members = Group._meta.db_table, User.groups.through._meta.db_table
    devices = TOTPDevice._meta.db_table
    # Table and column names from _meta, no value from outside: nothing to inject.
    roles = f'ARRAY(SELECT g.name FROM "{groups}" g JOIN "{members}" m ON m.group_id = g.id WHERE m.user_id = {user})'  # noqa: S608, E501
    devices_ = f'ARRAY(SELECT d.id FROM "{devices}" d WHERE d.user_id = {user} AND d.confirmed)'  # noqa: S608
    return {
        "role_names": RawSQL(roles, (), output_field=ArrayField(CharField())),  # noqa: S611
        "confirmed_totp_ids": RawSQL(devices_, (), output_field=ArrayField(BigIntegerField())),  # noqa: S611
    }


class SignedInBackend(ModelBackend):
    """Django's model backend; the user of each request comes from `user_signed_in`."""

    def get_user(self, user_id):
        user = user_signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware. A session verified with a TOTP device is checked against the confirmed
    device ids read with the user: the device is loaded only if something reads more than that it exists
    (`is_verified()` does not). Any other device, or a user read without the ids, goes django-otp's way."""

    def _verify_user_sync(self, request, user):
        confirmed = getattr(user, "confirmed_totp_ids", None)
        device_id = _totp_id(request.session.get(DEVICE_ID_SESSION_KEY)) if user.is_authenticated else None
        if confirmed is None or device_id is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        if device_id in confirmed:
            user.otp_device = SimpleLazyObject(
                functools.partial(TOTPDevice.objects.get, pk=device_id, user=user)
            )
        else:  # deleted, unconfirmed or another user's: not verified, and the session forgets it
            user.otp_device = self._finalize_device(request, user, None)
        return user


def _totp_id(persistent_id: str | None) -> int | None:
    """The id in a TOTP device's persistent id (`otp_totp.totpdevice/<id>`), else None."""
    if not persistent_id:
        return None
    label, _slash, device_id = persistent_id.rpartition("/")
    if label != _TOTP_LABEL or not device_id.isascii() or not device_id.isdigit():
        return None
    return int(device_id)
