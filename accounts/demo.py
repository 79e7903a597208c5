"""Demo offices and users of the contract (architecture.md). Development only."""

from typing import Any

from django.conf import settings

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.selectors import hash_token
from accounts.services import api_token_issue, office_upsert, user_upsert

OFFICES: list[dict[str, Any]] = [
    {
        "code": "bp3mi-lampung",
        "name": "BP3MI Lampung",
        "region_codes": ["18"],
        "address": "Jl. Pangeran Antasari, Bandar Lampung",
        "phone": "0721-000000",
    },
    {
        "code": "bp3mi-jawa-timur",
        "name": "BP3MI Jawa Timur",
        "region_codes": ["35"],
        "address": "Jl. Ketintang, Surabaya",
        "phone": "031-000000",
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
