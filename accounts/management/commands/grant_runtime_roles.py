"""Create or update the PostgreSQL roles the running portal uses, with only the grants each needs.

Run by the owner role right after `migrate` (docker-compose.yml's `migrate` service). The owner keeps
DDL and the access log; the runtime roles get:
- web (web and beat): read and write the application's tables; on the access log only SELECT and
  INSERT; no TRUNCATE anywhere, no CREATE, no table it owns (so no ALTER, DROP or trigger change).
- worker: the same, plus CREATE in the schema and ownership of the dashboards' summary table, because
  the summary refresh builds the next table beside the old one and renames it into place.
"""

import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from accounts.models import AccessLog

APPEND_ONLY = [AccessLog._meta.db_table]
READ_ONLY = ["django_migrations"]  # written by migrate alone


class Command(BaseCommand):
    help = "Create or update the runtime database roles (PostgreSQL; run as the owner after migrate)."

    def add_arguments(self, parser):
        parser.add_argument("--web-role", default="portal_web")
        parser.add_argument("--worker-role", default="portal_worker")
        parser.add_argument(
            "--password-env",
            nargs=2,
            metavar=("WEB_VAR", "WORKER_VAR"),
            default=["DB_WEB_PASSWORD", "DB_WORKER_PASSWORD"],
            help="environment variables holding the two passwords (never on the command line)",
        )

    def handle(self, *args, web_role: str, worker_role: str, password_env: list[str], **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_runtime_roles is for PostgreSQL; SQLite has no roles.")
        passwords = [os.environ.get(name, "") for name in password_env]
        missing = [name for name, value in zip(password_env, passwords, strict=True) if not value]
        if missing:
            raise CommandError(f"Set {' and '.join(missing)}: the runtime roles sign in with a password.")
        with transaction.atomic():
            for role, password in zip((web_role, worker_role), passwords, strict=True):
                self._role(role, password)
                self._table_grants(role)
            self._worker_extras(worker_role, web_role)
        self.stdout.write(f"roles ready: {web_role} (web, beat), {worker_role} (worker)")

    def _execute(self, statement: sql.Composable) -> None:
        # Rendered here: PostgreSQL takes no bind parameters in GRANT, CREATE ROLE and the like.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(statement.as_string(connection.connection))

    def _role(self, role: str, password: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            exists = cursor.fetchone() is not None
        verb = "ALTER" if exists else "CREATE"
        self._execute(
            sql.SQL(
                verb + " ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                "PASSWORD {}"
            ).format(sql.Identifier(role), sql.Literal(password))
        )

    def _table_grants(self, role: str) -> None:
        name = sql.Identifier(role)
        database = sql.Identifier(connection.settings_dict["NAME"])
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, name),
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(name),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
        ]
        for table in APPEND_ONLY:
            statements.append(
                sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), name)
            )
        for table in READ_ONLY:
            statements.append(
                sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), name)
            )
        for statement in statements:
            self._execute(statement)

    def _worker_extras(self, worker_role: str, web_role: str) -> None:
        worker, web = sql.Identifier(worker_role), sql.Identifier(web_role)
        # The summary belongs to the dashboards app; looked up by name, as accounts comes before it.
        summary = apps.get_model("dashboards", "RegionMonthStat")._meta.db_table
        self._execute(sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(worker))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN (%s, %s)",
                [summary, f"{summary}_next"],
            )
            tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            self._execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(sql.Identifier(table), worker))
        # Each refresh swaps in a table the worker creates: the web role must be able to read it too.
        self._execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT ON TABLES TO {}"
            ).format(worker, web)
        )
