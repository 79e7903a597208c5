"""The demo village officer of the contract (architecture.md): `desa.sukadana`, village 18.07.01.2001."""

from django.conf import settings

from accounts.roles import Role
from accounts.services import user_upsert

DEMO_VILLAGE = "18.07.01.2001"


def seed(stdout) -> None:
    user_upsert(
        username="desa.sukadana",
        password=settings.DEMO_PASSWORD,
        role=Role.VILLAGE_OFFICER,
        region_codes=[DEMO_VILLAGE],
        full_name="Perangkat Desa Sukadana",
    )
    stdout.write(f"demo village officer: desa.sukadana (village {DEMO_VILLAGE})")
