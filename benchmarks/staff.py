"""The people and records the page measures use: staff clients past the second factor, and one benchmark
worker with a real encrypted NIK (the generated ones carry placeholders)."""

import secrets

from django.conf import settings
from django.db import connection
from django.test import Client

# Officer of Lampung (province 18): the scope of most measured pages besides the administrator's.
OFFICER_REGION = "18"
BENCH_NIK = "1807011505950001"  # district 18.07.01, born 15-05-1995, a man: a NIK the form accepts


def staff_client(*, username: str, role: str, region_codes: list[str] | None = None) -> tuple[Client, object]:
    """A test client signed in as `username` (created idempotently with a random password nobody keeps),
    past the second factor as a user who typed her code, so the page measured is the page she reads."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.roles import sync_role_groups
    from accounts.second_factor import second_factor_enrol_demo
    from accounts.services import user_upsert

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    sync_role_groups()  # a flushed test database has no role permissions
    user = user_upsert(
        username=username,
        password=secrets.token_urlsafe(32),
        role=role,
        region_codes=region_codes or [],
        all_regions=not region_codes,
        full_name=f"Benchmark {username}",
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_enrol_demo(user=user).persistent_id
    session.save()
    return client, user


def admin_client() -> tuple[Client, object]:
    from accounts.roles import Role

    return staff_client(username="bench.admin", role=Role.ADMIN)


def officer_client() -> tuple[Client, object]:
    from accounts.roles import Role

    return staff_client(username="bench.officer.lampung", role=Role.OFFICER, region_codes=[OFFICER_REGION])


def bench_worker_id() -> int:
    """A generated worker of Lampung Timur given a real NIK (encrypted, blind index) and a family contact
    and a consent, so the NIK search finds it and its data package has every part. Idempotent."""
    from portal import crypto

    index = crypto.blind_index(BENCH_NIK)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM workers_worker WHERE nik_index = %s ORDER BY id LIMIT 1", [index])
        row = cursor.fetchone()
        if row:
            return row[0]
        cursor.execute(
            "SELECT id FROM workers_worker WHERE registration_number LIKE 'BENCH-%%'"
            " AND domicile_village_id LIKE '18.07.%%' ORDER BY id LIMIT 1 OFFSET 7"
        )
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE workers_worker SET nik_index = %s, nik_encrypted = %s, nik_last4 = %s WHERE id = %s",
            [index, crypto.encrypt(BENCH_NIK), BENCH_NIK[-4:], worker_id],
        )
    return worker_id
