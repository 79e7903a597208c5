"""Django's database sessions, with the session of each request read by one statement written once.

Django's store reads the session through the ORM, which compiles the same query on every request: on a
staff API list that compiling cost more than the query (P6). Writing, expiry and clearing stay Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        data = self._session_data()
        if data is None:
            self._session_key = None  # as Django's store does for a missing or expired session
            return {}
        return self.decode(data)

    def _session_data(self) -> str | None:
        if self.session_key is None:
            return None
        connection = connections[router.db_for_read(self.model)]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 - _meta
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        return row[0] if row else None
