"""Demo offices and users of the contract (architecture.md). Development only."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.second_factor import enrols_in_demo, second_factor_enrol_demo, totp_secret
from accounts.selectors import hash_token
from accounts.services import api_token_issue, office_upsert, user_upsert

OFFICES: list[dict[str, Any]] = [
    {
        "code": "bp3mi-lampung",
        "name": "BP3MI Lampung",
        "region_codes": ["18"],
        # No invented address or number: the public pages say this office is demo data.
        "is_demo": True,
    },
    {
        "code": "bp3mi-jawa-timur",
        "name": "BP3MI Jawa Timur",
        "region_codes": ["35"],
        "is_demo": True,
    },
]


def seed(stdout) -> None:
    offices = {spec["code"]: office_upsert(**spec) for spec in OFFICES}
    password = settings.DEMO_PASSWORD
    user_upsert(
        username="admin", password=password, role=Role.ADMIN, all_regions=True, full_name="Admin Portal"
    )
    user_upsert(
        username="officer.lampung",
        password=password,
        role=Role.OFFICER,
        office=offices["bp3mi-lampung"],
        full_name="Petugas BP3MI Lampung",
    )
    user_upsert(
        username="officer.jatim",
        password=password,
        role=Role.OFFICER,
        office=offices["bp3mi-jawa-timur"],
        full_name="Petugas BP3MI Jawa Timur",
    )
    user_upsert(
        username="dprd.lampungtimur",
        password=password,
        role=Role.DPRD_VIEWER,
        region_codes=["18.07"],
        full_name="DPRD Kabupaten Lampung Timur",
    )
    api_user = user_upsert(
        username="api.lampungtimur",
        password=password,
        role=Role.API_CLIENT,
        region_codes=["18.07"],
        full_name="Sistem Pemkab Lampung Timur",
    )
    key = settings.DEMO_API_TOKEN
    if not ApiToken.objects.filter(key_hash=hash_token(key)).exists():
        api_token_issue(user=api_user, name="demo Lampung Timur", key=key)
    stdout.write("demo users: admin, officer.lampung, officer.jatim, dprd.lampungtimur, api.lampungtimur")
    stdout.write(f"API token of api.lampungtimur: {key}")


def enrol_authenticators(stdout) -> None:
    """Last seeder: every demo user (one with the demo password) who signs in with a password gets an
    authenticator whose secret is printed, so a tester can add it to any TOTP app or compute a code
    (README). Users created by hand keep enrolling themselves."""
    stdout.write("TOTP secrets of the demo users (add to an authenticator app as a time-based key):")
    for user in get_user_model().objects.order_by("username", "id"):
        if enrols_in_demo(user) and user.check_password(settings.DEMO_PASSWORD):
            device = second_factor_enrol_demo(user=user)
            stdout.write(f"  {user.username}: {totp_secret(device)}")
