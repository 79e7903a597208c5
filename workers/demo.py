"""Demo workers: several hundred across Lampung (most in Lampung Timur) and some in Jawa Timur, registered
over the last two years with the seasons of a real regency: every district of Lampung Timur has people,
gathered in a few villages each as migration runs through family and neighbours."""

import datetime
import random
from collections import defaultdict

from django.contrib.auth.models import User
from django.utils import timezone

from regions.models import Village
from workers.choices import Education, MaritalStatus, PositionCode
from workers.consent import registration_notice
from workers.models import Channel, Worker, WorkerStatus
from workers.nik import build_nik
from workers.services import worker_register, worker_reject, worker_verify

FIRST_F = ["Siti", "Sri", "Dewi", "Nur", "Ani", "Rina", "Yuli", "Wati", "Lestari", "Ratna", "Eka", "Fitri"]
FIRST_M = [
    "Budi",
    "Agus",
    "Joko",
    "Slamet",
    "Rudi",
    "Eko",
    "Dedi",
    "Andi",
    "Hendra",
    "Rahmat",
    "Yusuf",
    "Imam",
]
LAST = [
    "Wahyuni",
    "Rahayu",
    "Saputra",
    "Setiawan",
    "Pratama",
    "Hidayat",
    "Susanti",
    "Purnomo",
    "Lestari",
    "Nugroho",
]
DESTINATIONS = ["MY", "TW", "HK", "SG", "KR", "JP", "SA", "BN"]
COUNTS = {"18.07": 600, "18": 40, "35": 20}  # Lampung Timur, the rest of Lampung, Jawa Timur
MONTHS = 24  # registrations spread over the last two years
# Registrations by calendar month: many after the harvest and at the start of the year, few in the fasting
# month and around Lebaran (spring in 2025 and 2026) and at the year's end.
SEASON = {1: 1.4, 2: 1.2, 3: 0.6, 4: 0.7, 5: 1.0, 6: 1.1, 7: 1.3, 8: 1.4, 9: 1.2, 10: 1.0, 11: 0.9, 12: 0.6}


def make_nik(rng: random.Random, district_code: str, sex: str, birth_date: datetime.date) -> str:
    return build_nik(district_code=district_code, sex=sex, birth_date=birth_date, serial=rng.randint(1, 9999))


def _lampung_timur_village(rng: random.Random, by_district: dict[str, list[str]]) -> str:
    """Every district, most people in its first four villages (migration runs through neighbours)."""
    villages = by_district[rng.choice(sorted(by_district))]
    return rng.choice(villages[:4] if rng.random() < 0.8 else villages)


def _spread_registrations(rng: random.Random, workers: list[Worker]) -> None:
    """Registration times over the last MONTHS months, shaped by SEASON, in one batch of updates."""
    today = timezone.localdate()
    months = []
    for back in range(MONTHS):
        index = today.year * 12 + today.month - 1 - back
        months.append(datetime.date(index // 12, index % 12 + 1, 1))
    weights = [SEASON[m.month] for m in months]
    now = timezone.now()
    for worker in workers:
        month = rng.choices(months, weights=weights)[0]
        moment = datetime.datetime.combine(
            month.replace(day=rng.randint(1, 28)), datetime.time(rng.randint(8, 16)), tzinfo=now.tzinfo
        )
        worker.created_at = min(moment, now)
    Worker.objects.bulk_update(workers, ["created_at"], batch_size=500)


def seed(stdout) -> None:
    if Worker.objects.exists():
        stdout.write("demo workers: already present, left unchanged")
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    officer = User.objects.get(username="officer.lampung")
    officer_jatim = User.objects.get(username="officer.jatim")
    notice = registration_notice()
    villages = {
        "18.07": list(Village.objects.filter(code__startswith="18.07.").values_list("code", flat=True)),
        "18": list(
            Village.objects.filter(code__startswith="18.")
            .exclude(code__startswith="18.07.")
            .values_list("code", flat=True)
        ),
        "35": list(Village.objects.filter(code__startswith="35.").values_list("code", flat=True)),
    }
    by_district: dict[str, list[str]] = defaultdict(list)
    for code in sorted(villages["18.07"]):
        by_district[code[:8]].append(code)
    created = 0
    spread = []
    for area, count in COUNTS.items():
        for i in range(count):
            sex = rng.choice("FFM")  # most Lampung migrant workers are women
            birth = datetime.date(rng.randint(1975, 2007), rng.randint(1, 12), rng.randint(1, 28))
            if area == "18.07":
                village = _lampung_timur_village(rng, by_district)
            else:
                village = rng.choice(villages[area])
            first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
            worker = worker_register(
                nik=make_nik(rng, village[:8], sex, birth),
                full_name=f"{first} {rng.choice(LAST)}",
                sex=sex,
                birth_date=birth,
                birth_place=rng.choice(["Sukadana", "Metro", "Bandar Lampung", "Way Jepara", "Surabaya"]),
                phone=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
                village_code=village,
                education=rng.choice(Education.values),
                marital_status=rng.choice(MaritalStatus.values),
                desired_country=rng.choice(DESTINATIONS),
                desired_position=rng.choice(PositionCode.values),
                family={
                    "full_name": f"{rng.choice(FIRST_M)} {rng.choice(LAST)}",
                    "relation": "PARENT",
                    "phone": "081200000000",
                },
                notice_text=notice,
                channel=Channel.OFFICER,
            )
            who = officer_jatim if area == "35" else officer
            # Two in three of Lampung Timur's are verified: they are the ones placed in the demo.
            if i % 3 == 0 or (area == "18.07" and i % 3 == 1):
                worker_verify(worker=worker, officer=who)
            elif i % 7 == 0 or (area == "18.07" and i % 7 == 2):
                worker_reject(
                    worker=worker, officer=who, reason="Fotokopi KTP tidak terbaca; mohon daftar ulang."
                )
            created += 1
            spread.append(worker)
    _spread_registrations(rng, spread)
    # One person registered twice, as happens when a broker registers people again.
    twin = Worker.objects.filter(
        status=WorkerStatus.SUBMITTED, domicile_village__code__startswith="18.07."
    ).first()
    if twin is not None:
        from portal import crypto

        worker_register(
            nik=crypto.decrypt(twin.nik_encrypted),
            full_name=twin.full_name,
            sex=twin.sex,
            birth_date=twin.birth_date,
            birth_place=twin.birth_place,
            phone=twin.phone,
            village_code=twin.domicile_village_id,
            notice_text=notice,
            channel=Channel.WEB,
        )
        created += 1
    stdout.write(f"demo workers: {created} created")
