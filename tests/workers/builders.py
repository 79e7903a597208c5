"""Small, plain builders for the workers tests: a valid NIK, form and API payloads, a registered worker."""

import datetime
import functools

from portal import crypto
from tests import builders
from workers.models import Worker, new_registration_number

LAMPUNG_TIMUR_VILLAGE, SURABAYA_VILLAGE = builders.SUKADANA, builders.SURABAYA
BIRTH = datetime.date(1999, 5, 17)  # the birth date of the registration payloads below


# Overrides (form or API) that make the NIK wrong in one way each, with the message a person then reads:
# problem -> (overrides, Indonesian, English).
NIK_FAILURES = {
    "CHARACTERS": (
        {"nik": "18070157059900a1"},
        "NIK hanya berisi angka.",
        "A NIK contains digits only.",
    ),
    "LENGTH": (
        {"nik": "180701570599001"},
        "NIK terdiri dari tepat 16 angka.",
        "A NIK has exactly 16 digits.",
    ),
    "REGION": (
        {"nik": "9999995705990001"},
        "6 angka pertama NIK ini bukan kode kecamatan yang dikenal.",
        "The first 6 digits of this NIK are not a known district code.",
    ),
    "DAY": (
        {"nik": "1807017205990001"},
        "Angka ke-7 dan ke-8 NIK adalah tanggal lahir: 01 sampai 31, atau 41 sampai 71 untuk perempuan.",
        "Digits 7 and 8 of a NIK are the birth day: 01 to 31, or 41 to 71 for women.",
    ),
    "MONTH": (
        {"nik": "1807015713990001"},
        "Angka ke-9 dan ke-10 NIK adalah bulan lahir: 01 sampai 12.",
        "Digits 9 and 10 of a NIK are the birth month: 01 to 12.",
    ),
    "DATE": (
        {"nik": "1807017102990001", "birth_date": "1999-02-28"},
        "Tanggal lahir di dalam NIK ini bukan tanggal yang ada.",
        "The birth date inside this NIK is not a real date.",
    ),
    "SEX": (
        {"nik": "1807011705990001"},
        "NIK ini tidak cocok dengan jenis kelamin yang Anda pilih (untuk perempuan, tanggal lahir ditambah 40).",
        "This NIK does not match the sex you chose (women have 40 added to the birth day).",
    ),
    "BIRTH_DATE": (
        {"birth_date": "1999-05-18"},
        "Tanggal lahir di dalam NIK ini tidak cocok dengan tanggal lahir yang Anda isi.",
        "The birth date inside this NIK does not match the birth date you entered.",
    ),
    "SERIAL": (
        {"nik": "1807015705990000"},
        "4 angka terakhir NIK dimulai dari 0001.",
        "The last 4 digits of a NIK run from 0001.",
    ),
}


def make_nik(
    district_code: str = "18.07.01", sex: str = "F", birth_date: datetime.date = BIRTH, serial: int = 1
) -> str:
    """The shared NIK builder, for a woman born on the workers tests' BIRTH unless told otherwise."""
    return builders.make_nik(district_code, sex, birth_date, serial)


def registration_data(**overrides) -> dict:
    """A valid POST of the public HTML registration form (/daftar/)."""
    data = {
        "nik": make_nik(),
        "full_name": "Siti Wahyuni",
        "sex": "F",
        "birth_date": "1999-05-17",
        "birth_place": "Sukadana",
        "phone": "0812 3456 7890",
        "family_name": "Slamet Wahyudi",
        "family_relation": "PARENT",
        "family_phone": "0813 1111 2222",
        "consent": "on",
        "domicile-province": "18",
        "domicile-regency": "18.07",
        "domicile-district": "18.07.01",
        "domicile-village": LAMPUNG_TIMUR_VILLAGE,
    }
    data.update(overrides)
    return data


def api_registration_data(**overrides) -> dict:
    """A valid body for `POST /api/v1/registrations/` (architecture.md, API contract)."""
    data = {
        "nik": make_nik(),
        "full_name": "Siti Wahyuni",
        "sex": "F",
        "birth_date": "1999-05-17",
        "birth_place": "Sukadana",
        "phone": "081234567890",
        "village_code": LAMPUNG_TIMUR_VILLAGE,
        "consent": True,
    }
    data.update(overrides)
    return data


# The workers tests' default person is Siti Wahyuni, born on BIRTH, always with the same NIK (serial 1):
# two calls register one NIK twice, as a repeat registration does.
make_worker = functools.partial(builders.make_worker, full_name="Siti Wahyuni", birth_date=BIRTH, serial=1)


def make_workers_in_bulk(count: int, *, village_codes: list[str], first_serial: int = 1) -> list[Worker]:
    """Many workers at once for query-count tests: the same encrypted fields the service writes, no consent rows."""
    birth = datetime.date(1990, 3, 9)
    workers = []
    for i in range(count):
        nik = make_nik(village_codes[i % len(village_codes)][:8], "M", birth, first_serial + i)
        workers.append(
            Worker(
                registration_number=new_registration_number(),
                nik_encrypted=crypto.encrypt(nik),
                nik_index=crypto.blind_index(nik),
                nik_last4=nik[-4:],
                full_name=f"Budi Santoso {first_serial + i}",
                sex="M",
                birth_date=birth,
                birth_place="Metro",
                phone="081200000000",
                domicile_village_id=village_codes[i % len(village_codes)],
            )
        )
    return Worker.objects.bulk_create(workers)
