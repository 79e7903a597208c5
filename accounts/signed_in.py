"""The signed-in user of a request, read with her session in one statement, with what every request asks of
her next.

Django reads the session, then the user, then django-otp reads the device her session was verified with,
then the scope asks for her roles: four queries before a staff page or API call does anything of its own
(most of a staff API list's time, P6). Here the session's statement (accounts/sessions.py) also reads her
user row with her role names and the ids of her confirmed TOTP devices; `OTPMiddleware` checks the
session's device against those ids. A session without its user column (one saved before the column
existed) reads the user by a statement of her own, written once. On PostgreSQL only (arrays); elsewhere
each is read when first asked, as before. Her profile (an officer's regions) is still read when first
asked: joining it cost every request more to compile than it saves the officers.
"""

import contextvars
import functools
from typing import Any

from django.contrib import auth
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.scoping import remember_roles

_TOTP_LABEL = TOTPDevice.model_label()
# The user the request's session was read with, while Django's `auth.get_user` asks the backend for hers.
_READ_WITH_SESSION: contextvars.ContextVar[Any] = contextvars.ContextVar("read_with_session", default=None)


def user_signed_in(user_id) -> object | None:
    """The user; on PostgreSQL with her roles and the ids of her confirmed TOTP devices."""
    User = get_user_model()
    database = connections[router.db_for_read(User)]
    if database.vendor != "postgresql":
        return User._default_manager.filter(pk=user_id).first()
    table = database.ops.quote_name(User._meta.db_table)
    pk = database.ops.quote_name(User._meta.pk.column)  # type: ignore[union-attr, arg-type]
    with database.cursor() as cursor:
        # Names from _meta, the id as a parameter: nothing to inject.
        cursor.execute(f"SELECT {user_columns('u')} FROM {table} u WHERE u.{pk} = %s", [user_id])  # noqa: S608
        row = cursor.fetchone()
    return None if row is None else user_from_row(database, row)


def user_from_row(database, row) -> object | None:
    """The user from a row of `user_columns` (None if the row's user is missing, as in an outer join), with
    her roles remembered for the request and her confirmed TOTP device ids."""
    names = _user_fields()
    if row[0] is None:
        return None
    user: Any = get_user_model().from_db(database.alias, names, row[: len(names)])
    user.role_names, user.confirmed_totp_ids = row[len(names)], row[len(names) + 1]
    remember_roles(user, user.role_names)
    return user


@functools.cache
def user_columns(alias: str) -> str:
    """The select list of a user row under `alias`: her columns, the primary key first, then her group names
    and confirmed TOTP device ids as two arrays. Written once: the ORM would compile it again on every
    request, which cost more than the query. PostgreSQL only."""
    User = get_user_model()
    groups, members = Group._meta.db_table, User.groups.through._meta.db_table
    devices = TOTPDevice._meta.db_table
    user = f'{alias}."{User._meta.pk.column}"'  # type: ignore[union-attr]
    columns = ", ".join(f'{alias}."{User._meta.get_field(name).column}"' for name in _user_fields())  # type: ignore[union-attr]
    # Table and column names from _meta, no value from outside: nothing to inject.
    roles = f'ARRAY(SELECT g.name FROM "{groups}" g JOIN "{members}" m ON m.group_id = g.id WHERE m.user_id = {user})'  # noqa: S608, E501
    devices_ = f'ARRAY(SELECT d.id FROM "{devices}" d WHERE d.user_id = {user} AND d.confirmed)'  # noqa: S608
    return f"{columns}, {roles}, {devices_}"


@functools.cache
def _user_fields() -> list[str]:
    """The user model's column names (attnames), the primary key first. Only for a user model whose columns
    need no conversion on reading, as Django's own has none."""
    User = get_user_model()
    database = connections[router.db_for_read(User)]
    if any(field.get_db_converters(database) for field in User._meta.concrete_fields):
        raise ImproperlyConfigured(
            "accounts.signed_in reads only a user model whose columns need no conversion"
        )
    pk = User._meta.pk
    return [pk.attname] + [f.attname for f in User._meta.concrete_fields if f is not pk]  # type: ignore[union-attr]


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the user the session was read with offered to the backend while Django reads the user
    of the request (and checks her session hash) its own way."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))


def _user_of(request):
    if not hasattr(request, "_cached_user"):  # as django.contrib.auth.middleware.get_user
        session = request.session
        # Asking whether the session names a user loads it, and with it the user its row names.
        read_with_it = getattr(session, "user_read_with_it", None) if SESSION_KEY in session else None
        offered = _READ_WITH_SESSION.set(read_with_it)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _READ_WITH_SESSION.reset(offered)
    return request._cached_user


class SignedInBackend(ModelBackend):
    """Django's model backend; the user of each request is the one read with her session, else comes from
    `user_signed_in`."""

    def get_user(self, user_id):
        user = _READ_WITH_SESSION.get()
        if user is None or user.pk != user_id:  # read with no session, or with one naming another user
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
