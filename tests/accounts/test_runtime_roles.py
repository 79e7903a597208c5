"""The runtime database roles (issue 11, item 7): web, worker and beat cannot empty, rewrite or redefine
the access log. Roles, grants and the test's rows all live in the test's transaction and roll back."""

import io
import os

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts.models import AccessAction, AccessLog
from accounts.services import access_log_record
from dashboards.models import RegionMonthStat

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist only on PostgreSQL")

WEB = f"t_web_{os.getpid()}"
WORKER = f"t_worker_{os.getpid()}"
SUMMARY = RegionMonthStat._meta.db_table


@pytest.fixture
def roles(db, monkeypatch, officer_lampung):
    access_log_record(user=officer_lampung, action=AccessAction.VIEW, subject_type="worker", subject_id=1)
    monkeypatch.setenv("DB_WEB_PASSWORD", "web-secret")
    monkeypatch.setenv("DB_WORKER_PASSWORD", "worker-secret")
    call_command("grant_runtime_roles", "--web-role", WEB, "--worker-role", WORKER, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as if the log rows were committed long ago
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def as_role(role: str, statement: str) -> None:
    """Run `statement` as `role` in a savepoint. On failure, rolling back the savepoint undoes the
    SET LOCAL ROLE too; on success the role is reset by hand."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(statement)
        cursor.execute("RESET ROLE")


REFUSED_TO_BOTH = [
    "TRUNCATE accounts_accesslog",
    "UPDATE accounts_accesslog SET subject_id = '2'",
    "DELETE FROM accounts_accesslog",
    "DROP TRIGGER accounts_accesslog_append_only ON accounts_accesslog",
    "ALTER TABLE accounts_accesslog DISABLE TRIGGER ALL",
    "DROP TABLE accounts_accesslog",
    "TRUNCATE workers_worker CASCADE",
    "ALTER TABLE workers_worker ADD COLUMN x int",
    "DELETE FROM django_migrations",
]


@pytest.mark.parametrize("role", [WEB, WORKER])
@pytest.mark.parametrize("statement", REFUSED_TO_BOTH)
def test_the_runtime_roles_cannot_empty_rewrite_or_redefine_the_log(roles, role, statement):
    with pytest.raises(DatabaseError, match="permission denied|must be (the )?owner"):
        as_role(role, statement)

    assert AccessLog.objects.count() == 1


@pytest.mark.parametrize("role", [WEB, WORKER])
def test_the_runtime_roles_can_do_their_work(roles, role):
    as_role(role, "INSERT INTO accounts_accesslog (at, username, action, subject_type, subject_id, purpose, detail)"
            " VALUES (now(), 'x', 'VIEW', 'worker', '9', 'test', '{}')")  # fmt: skip
    as_role(role, "UPDATE workers_worker SET full_name = full_name")
    as_role(role, f"SELECT count(*) FROM {SUMMARY}")  # noqa: S608 - a model's table name

    assert AccessLog.objects.count() == 2


def test_only_the_web_role_is_refused_a_new_table(roles):
    with pytest.raises(DatabaseError, match="permission denied for schema public"):
        as_role(WEB, "CREATE TABLE t_scratch (id int)")


def test_the_worker_can_swap_the_summary_table_and_the_web_role_reads_the_new_one(roles):
    as_role(WORKER, f"CREATE TABLE {SUMMARY}_next (LIKE {SUMMARY} INCLUDING DEFAULTS)")
    as_role(WORKER, f"DROP TABLE {SUMMARY}")
    as_role(WORKER, f"ALTER TABLE {SUMMARY}_next RENAME TO {SUMMARY}")

    as_role(WEB, f"SELECT count(*) FROM {SUMMARY}")  # noqa: S608 - a model's table name


def test_the_command_wants_both_passwords_from_the_environment(db, monkeypatch):
    monkeypatch.delenv("DB_WEB_PASSWORD", raising=False)
    monkeypatch.setenv("DB_WORKER_PASSWORD", "worker-secret")

    with pytest.raises(CommandError, match="DB_WEB_PASSWORD"):
        call_command("grant_runtime_roles", "--web-role", WEB, "--worker-role", WORKER)


# --- docker-compose.yml: migrations as the owner, everything else as a runtime role ---------------------------


def compose_services() -> dict:
    from django.conf import settings

    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())["services"]


def database_user(service: dict) -> str:
    url = service["environment"]["DATABASE_URL"]
    return url.split("://", 1)[1].split(":", 1)[0]


def test_compose_runs_migrations_as_the_owner_and_the_services_as_runtime_roles():
    services = compose_services()

    assert database_user(services["migrate"]) == services["db"]["environment"]["POSTGRES_USER"]
    assert (
        "migrate" in services["migrate"]["command"]
        and "grant_runtime_roles" in services["migrate"]["command"]
    )
    assert database_user(services["web"]) == "portal_web"
    assert database_user(services["beat"]) == "portal_web"
    assert database_user(services["worker"]) == "portal_worker"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in str(services[name].get("command", "")), name
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
