"""Production configuration: the deploy checks pass, missing secrets stop the app, compose is valid."""

import os
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet

from tests.conftest import skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
SECRET_ALPHABET = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~"


def random_secret_key(length: int = 60) -> str:
    while True:
        key = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(length))
        if len(set(key)) >= 5:  # Django's deploy check wants at least 5 distinct characters
            return key


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process; variables are set explicitly so a local .env cannot leak in."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests of this session; production never has it.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="false",
        SECRET_KEY=random_secret_key(),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        BLIND_INDEX_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="portal.example.id",
        CSRF_TRUSTED_ORIGINS="https://portal.example.id",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
def test_production_refuses_to_start_without_a_secret_and_says_which_in_one_line(missing):
    # An empty value counts as missing (and overrides any .env file, which never overwrites).
    result = manage("check", env=production_env(**{missing: ""}))

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0]
    assert "Traceback" not in result.stderr


def test_every_task_soft_time_limit_fits_inside_its_hard_limit():
    """Celery refuses to send a task whose soft limit exceeds its hard limit (apply_async ValueError).

    A task declaring only `time_limit` inherits the global CELERY_TASK_SOFT_TIME_LIMIT.
    """
    from portal.celery import app

    app.loader.import_default_modules()
    tasks = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert tasks, "no project tasks registered"
    broken = {
        name: (task.soft_time_limit, task.time_limit)
        for name, task in tasks.items()
        if task.soft_time_limit and task.time_limit and task.soft_time_limit > task.time_limit
    }
    assert not broken, f"(soft, hard) limits that Celery rejects: {broken}"


def compose(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    executable = shutil.which("docker-compose")
    if executable is None:
        skip_or_fail("docker-compose not found (Debian package docker-compose)")
    return subprocess.run(
        [executable, "-f", str(COMPOSE_FILE), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid_for_compose():
    env = {**os.environ, "SECRET_KEY": "dummy", "FIELD_ENCRYPTION_KEYS": "dummy", "BLIND_INDEX_KEY": "dummy"}
    result = compose("config", "-q", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_refuses_to_start_without_the_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS"}}
    # An empty --env-file: a developer's .env must not fill in what this test leaves out.
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    result = compose("--env-file", str(empty_env_file), "config", "-q", env={**env, "BLIND_INDEX_KEY": "x"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr or "FIELD_ENCRYPTION_KEYS" in result.stderr, result.stderr


def test_every_compose_service_has_a_healthcheck():
    services = yaml.safe_load(COMPOSE_FILE.read_text())["services"]
    for name in ("web", "worker", "beat", "db", "redis"):
        assert name in services, f"service {name} missing"
        healthcheck = services[name].get("healthcheck") or {}
        assert healthcheck.get("test"), f"service {name} has no healthcheck test"
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["db"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"


def test_production_keeps_database_connections_open_and_checks_them():
    # A new connection per request costs more than the request itself (issue 16, P8).
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    env = production_env(DATABASE_URL="postgres://u:p@127.0.0.1:5432/portal")
    env.pop("CONN_MAX_AGE", None)
    result = manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["60", "True"]

    result = manage("shell", "-v", "0", "-c", code, env={**env, "CONN_MAX_AGE": "15"})
    assert result.stdout.split() == ["15", "True"]


def test_dockerfile_and_compose_set_persistent_connections():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert "CONN_MAX_AGE=" in dockerfile
    app_env = yaml.safe_load(COMPOSE_FILE.read_text())["x-app"]["environment"]
    assert app_env["CONN_MAX_AGE"]
