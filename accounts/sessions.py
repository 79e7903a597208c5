"""Django's database sessions, each read with the user it is signed in as, by one statement written once.

Django's store reads the session through the ORM, which compiles the same query on every request, and then
the authentication backend reads the user by a second query: on a staff API list, those two cost more than
the page's own query (P6). Here the session row carries its user's id in a column of its own
(`SignedInSession.user`), so one statement reads the session's data and, joined, the user with her roles
and confirmed TOTP device ids (`accounts.signed_in`). The user read with the session is only handed to the
backend when the session's data names the same user; the data stays the authority, and Django still checks
the session's password hash. Writing, expiry and clearing stay Django's.
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from accounts.signed_in import user_columns, user_from_row


class SessionStore(db.SessionStore):
    # The user read with the session, if its row names one: see `accounts.signed_in.SignedInBackend`.
    user_read_with_it = None

    @classmethod
    def get_model_class(cls):
        from accounts.models import SignedInSession

        return SignedInSession

    def load(self):
        row = self._session_row()
        if row is None:
            self._session_key = None  # as Django's store does for a missing or expired session
            return {}
        data, *user = row
        if user:
            self.user_read_with_it = user_from_row(connections[self._database], user)
        return self.decode(data)

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    @property
    def _database(self) -> str:
        return router.db_for_read(self.model)

    def _session_row(self) -> tuple | None:
        if self.session_key is None:
            return None
        connection = connections[self._database]
        quote = connection.ops.quote_name
        session = quote(self.model._meta.db_table)
        if connection.vendor == "postgresql":
            user_table = quote(get_user_model()._meta.db_table)
            user_pk = quote(get_user_model()._meta.pk.column)  # type: ignore[union-attr, arg-type]
            columns = f"s.session_data, {user_columns('u')}"
            tables = f"{session} s LEFT JOIN {user_table} u ON u.{user_pk} = s.user_id"
        else:
            columns, tables = "s.session_data", f"{session} s"
        with connection.cursor() as cursor:
            cursor.execute(
                # Names from _meta, values as parameters: nothing to inject.
                f"SELECT {columns} FROM {tables} WHERE s.session_key = %s AND s.expire_date > %s",  # noqa: S608
                [self.session_key, timezone.now()],
            )
            return cursor.fetchone()


def _user_id(value):
    """The session's user id as its column holds it; None for no user or one no user could have."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)  # type: ignore[union-attr]
    except ValidationError:
        return None
