"""Demo outreach events: Lampung Timur over the last 18 months, with about half its districts left without
a recent event (the dashboards rank villages that need outreach), and a few in Jawa Timur."""

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from outreach.models import OutreachEvent, Topic
from outreach.services import outreach_event_save

# (village code, days ago). Districts 18.07.03 and 18.07.11 have only events older than a year; twelve
# districts (06, 08, 10, 13, 14, 16, 17, 18, 20, 22, 23, 24) have none at all.
LAMPUNG_TIMUR = [
    ("18.07.01.2001", 12), ("18.07.01.2001", 190), ("18.07.01.2005", 75), ("18.07.01.2010", 320),
    ("18.07.02.2001", 40), ("18.07.02.2004", 260), ("18.07.02.2007", 480),
    ("18.07.04.2001", 28), ("18.07.04.2003", 150),
    ("18.07.05.2002", 95), ("18.07.05.2006", 210), ("18.07.05.2006", 400),
    ("18.07.07.2001", 60), ("18.07.07.2008", 300),
    ("18.07.09.2001", 120), ("18.07.09.2004", 505),
    ("18.07.12.2001", 18), ("18.07.12.2009", 240),
    ("18.07.15.2001", 85),
    ("18.07.19.2001", 170), ("18.07.19.2003", 350),
    ("18.07.21.2001", 5), ("18.07.21.2002", 280),
    ("18.07.03.2002", 430),
    ("18.07.11.2001", 530),
]  # fmt: skip
JAWA_TIMUR = [
    ("35.05.01.2001", 33, "Disnaker Kabupaten Blitar"),
    ("35.07.01.2002", 140, "BP3MI Jawa Timur"),
    ("35.04.01.1001", 410, "BP3MI Jawa Timur"),
]
ORGANISERS = [
    "BP3MI Lampung",
    "Disnaker Lampung Timur",
    "BP3MI Lampung",
    "Pemerintah Desa",
    "SBMI Lampung Timur",
]
PARTNERS = [
    "Disnaker Lampung Timur, Polres Lampung Timur",
    "Disdukcapil Lampung Timur",
    "Kantor Imigrasi Kelas I TPI Bandar Lampung",
    "PKK Desa, Babinsa",
    "",
    "LPK setempat, Puskesmas",
]
TITLES = {
    Topic.SAFE_MIGRATION: "Sosialisasi bekerja ke luar negeri secara aman dan prosedural",
    Topic.RIGHTS: "Hak pekerja migran dan jabatan tanpa biaya penempatan",
    Topic.ILLEGAL_RECRUITMENT: "Waspada calo dan perdagangan orang",
    Topic.DOCUMENTS: "Dokumen dan jalur resmi penempatan",
    Topic.REINTEGRATION: "Kepulangan dan pemberdayaan purna PMI",
    Topic.OTHER: "Temu warga dan layanan informasi BP3MI",
}
MATERIALS = "Leaflet migrasi aman, daftar P3MI berizin, nomor pengaduan BP3MI"


def _event(
    rng: random.Random, *, village_code: str, event_date: datetime.date, organiser: str
) -> OutreachEvent:
    topic = rng.choices(list(Topic), weights=[4, 3, 3, 2, 2, 1])[0]
    male, female = rng.randint(8, 60), rng.randint(12, 80)
    partners = rng.choice(PARTNERS)
    return OutreachEvent(
        village_id=village_code,
        event_date=event_date,
        topic=topic,
        title=TITLES[topic],
        organiser=organiser,
        partners="" if organiser in partners else partners,
        participants_male=male,
        participants_female=female,
        prospective_workers=rng.randint(0, (male + female) // 3),
        materials=MATERIALS,
    )


def seed(stdout) -> None:
    if OutreachEvent.objects.exists():
        stdout.write("demo outreach: already present, left unchanged")
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    lampung = User.objects.get(username="officer.lampung")
    jatim = User.objects.get(username="officer.jatim")
    specs = [
        (code, days, ORGANISERS[n % len(ORGANISERS)], lampung) for n, (code, days) in enumerate(LAMPUNG_TIMUR)
    ]
    specs += [(code, days, organiser, jatim) for code, days, organiser in JAWA_TIMUR]
    for code, days, organiser, officer in specs:
        event = _event(
            rng, village_code=code, event_date=today - datetime.timedelta(days=days), organiser=organiser
        )
        outreach_event_save(event=event, user=officer)
    stdout.write(f"demo outreach: {len(specs)} events created")
