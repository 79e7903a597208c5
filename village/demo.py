"""The demo village officer of the contract (architecture.md): `desa.sukadana`, village 18.07.01.2001, with
what the desk records (an early warning naming a recruiter, a request for an outreach session) so the
officers' queues, the workbench and the DPRD pages show the desk at work."""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_upsert
from outreach.models import OutreachEvent, OutreachStatus, Topic
from outreach.services import outreach_request_create
from village.models import EarlyWarning, WarningKind
from village.services import early_warning_file

DEMO_VILLAGE = "18.07.01.2001"


def seed(stdout) -> None:
    officer = user_upsert(
        username="desa.sukadana",
        password=settings.DEMO_PASSWORD,
        role=Role.VILLAGE_OFFICER,
        region_codes=[DEMO_VILLAGE],
        full_name="Perangkat Desa Sukadana",
    )
    today = timezone.localdate()
    if not EarlyWarning.objects.filter(village_id=DEMO_VILLAGE).exists():
        early_warning_file(
            user=officer,
            kind=WarningKind.RECRUITER,
            event_date=today - datetime.timedelta(days=3),
            recruiter_name="Pak Calo (data demo)",
            recruiter_phone="081234500099",
            destination_country_code="MY",
            offered="Kerja di kebun sawit tanpa biaya, berangkat minggu depan lewat Dumai",
        )
    if not OutreachEvent.objects.filter(village_id=DEMO_VILLAGE, status=OutreachStatus.REQUESTED).exists():
        outreach_request_create(
            user=officer,
            village_code=DEMO_VILLAGE,
            topic=Topic.ILLEGAL_RECRUITMENT,
            preferred_from=today + datetime.timedelta(days=14),
            expected_participants=40,
            note="Balai desa, setelah pengajian Jumat",
        )
    stdout.write(
        f"demo village officer: desa.sukadana (village {DEMO_VILLAGE}), an early warning, an outreach request"
    )
