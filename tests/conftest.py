"""Shared fixtures: regions loaded once per session, and the personas of the access model.

Personas (architecture.md): `admin_user`, `officer_lampung` (province 18), `officer_jatim` (35),
`dprd_lampungtimur` and `api_client_user` (18.07), and anonymous visitors (`client`).
"""

import os

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import api_token_issue, office_upsert, user_upsert
from placements.models import Position
from regions.models import Province

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "persona-pass-2026"


def skip_or_fail(reason: str) -> None:
    """Browser and worker tests may skip on a developer's machine, never in CI."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def load_reference_data() -> None:
    """Regions and policy data, as `make run` loads them (not data migrations: tests load them once)."""
    with open(os.devnull, "w") as quiet:
        call_command("load_regions", verbosity=0, stdout=quiet)
        call_command("load_policies", verbosity=0, stdout=quiet)


@pytest.fixture(scope="session", autouse=True)
def _flush_may_empty_the_access_log():
    """Transactional tests end with a flush, which TRUNCATEs every table. The access log refuses
    TRUNCATE (accounts migration 0003) unless this transaction-local setting says otherwise."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        return ["SET LOCAL portal.allow_log_truncate = 'on'", *statements] if statements else statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def regions(django_db_blocker):
    """For transactional tests: their flush empties every table, so load reference data again if needed."""
    with django_db_blocker.unblock():
        if not Province.objects.exists() or not Position.objects.exists():
            load_reference_data()


@pytest.fixture
def office_lampung(db):
    return office_upsert(code="bp3mi-lampung", name="BP3MI Lampung", region_codes=["18"])


@pytest.fixture
def office_jatim(db):
    return office_upsert(code="bp3mi-jawa-timur", name="BP3MI Jawa Timur", region_codes=["35"])


@pytest.fixture
def admin_user(db):
    return user_upsert(username="admin", password=PASSWORD, role=Role.ADMIN, all_regions=True)


@pytest.fixture
def officer_lampung(office_lampung):
    return user_upsert(
        username="officer.lampung", password=PASSWORD, role=Role.OFFICER, office=office_lampung
    )


@pytest.fixture
def officer_jatim(office_jatim):
    return user_upsert(username="officer.jatim", password=PASSWORD, role=Role.OFFICER, office=office_jatim)


@pytest.fixture
def dprd_lampungtimur(db):
    return user_upsert(
        username="dprd.lampungtimur", password=PASSWORD, role=Role.DPRD_VIEWER, region_codes=["18.07"]
    )


@pytest.fixture
def api_client_user(db):
    return user_upsert(
        username="api.lampungtimur", password=PASSWORD, role=Role.API_CLIENT, region_codes=["18.07"]
    )


@pytest.fixture
def api_token(api_client_user):
    _token, key = api_token_issue(user=api_client_user, name="test token")
    return key


@pytest.fixture
def api():
    """An anonymous API client; call `.force_authenticate` or set credentials for a persona."""
    return APIClient()


@pytest.fixture
def token_api(api_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token}")
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Persona passwords need no real key stretching in tests; it costs most of a fixture's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache; one test's requests must not throttle the next.
    from django.core.cache import cache

    from regions.selectors import region_reference_forget

    cache.clear()
    region_reference_forget()  # the district codes a NIK is checked against, kept per process


def totp_device(user):
    """The user's confirmed authenticator (created if missing), as a test's phone would hold it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device, *, at: float | None = None) -> str:
    """The six digits the authenticator app shows now (or at the Unix time `at`)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    """`client.force_login(staff)` opens staff pages as before: the session is marked verified with the
    user's authenticator. Tests of the sign-in gate opt out with `@pytest.mark.no_auto_otp`."""
    if request.node.get_closest_marker("no_auto_otp"):
        return
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.second_factor import needs_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
