"""A NIK issued under an earlier decree (former Papua, split in 2022) is accepted and the officer is told the
old and the current district; a registration under 18 today is marked for the officer, not refused."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from placements.imports import placements_import
from regions.models import HistoricDistrict
from tests.workers.builders import api_registration_data, make_nik, make_worker, registration_data
from tests.workers.pages import text
from workers.models import Worker

pytestmark = pytest.mark.django_db

MERAUKE_NIK = "9101011508950001"  # Merauke (91.01.01, before 2022), born 15-08-1995, a man
MERAUKE = {"nik": MERAUKE_NIK, "sex": "M", "birth_date": "1995-08-15", "full_name": "Yohanes Gebze"}
LIST_URL = "/admin/workers/worker/"


@pytest.fixture
def officer(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


def test_the_historic_codes_are_loaded_with_their_successors_and_a_second_load_writes_nothing():
    merauke = HistoricDistrict.objects.select_related("successor").get(code="91.01.01")
    assert (merauke.name, merauke.regency_name, merauke.successor.code) == (
        "Merauke",
        "KAB. MERAUKE",
        "93.01.01",
    )
    assert HistoricDistrict.objects.count() >= 593
    assert not HistoricDistrict.objects.exclude(code__regex=r"^9[12]\.").exists()

    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert "nothing changed" in out.getvalue()


def test_the_form_accepts_an_old_merauke_nik_and_the_officer_sees_old_and_current_district(client, officer):
    response = client.post("/daftar/", registration_data(**MERAUKE))

    assert response.status_code == 302, text(response)
    worker = Worker.objects.get()
    assert (worker.nik_issue, worker.nik_old_district_id) == ("", "91.01.01")

    page = text(officer.get(f"{LIST_URL}{worker.pk}/change/"))
    assert "91.01.01 Merauke" in page
    assert "93.01.01 Merauke" in page
    assert "KAB. MERAUKE" in page


def test_the_api_accepts_an_old_merauke_nik(api):
    response = api.post("/api/v1/registrations/", api_registration_data(**MERAUKE), format="json")

    assert response.status_code == 201, response.content
    worker = Worker.objects.get()
    assert (worker.nik_issue, worker.nik_old_district_id) == ("", "91.01.01")


def test_an_import_accepts_an_old_merauke_nik():
    handle = io.StringIO(
        "external_id,nik,full_name,sex,birth_date,village_code,scheme\n"
        f"PAPUA-1,{MERAUKE_NIK},Yohanes Gebze,M,1995-08-15,18.07.01.2001,G2G\n"
    )
    report = placements_import(handle=handle, source="uji")

    assert not report.rejected
    worker = Worker.objects.get()
    assert (worker.nik_issue, worker.nik_old_district_id) == ("", "91.01.01")


def test_a_current_nik_carries_no_old_district_note(officer):
    worker = make_worker()

    assert worker.nik_old_district_id is None
    assert "keputusan sebelumnya" not in text(officer.get(f"{LIST_URL}{worker.pk}/change/"))


def test_a_code_unknown_to_every_decree_is_still_refused(client):
    response = client.post(
        "/daftar/", registration_data(nik="9199991508950001", sex="M", birth_date="1995-08-15")
    )

    assert response.status_code == 200
    assert "bukan kode kecamatan yang dikenal" in text(response)
    assert not Worker.objects.exists()


def seventeen_today() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=17 * 365 + 100)


def list_row(page, registration_number: str) -> str:
    """The text of the list row that shows this registration."""
    [row] = [r for r in re.findall(r"<tr.*?</tr>", page.content.decode(), re.S) if registration_number in r]
    return text(row)


def test_a_registration_under_18_today_is_accepted_and_marked_in_the_list_and_the_page(client, officer):
    born = seventeen_today()

    response = client.post(
        "/daftar/", registration_data(nik=make_nik(birth_date=born), birth_date=born.isoformat())
    )
    assert response.status_code == 302
    minor = Worker.objects.get()
    adult = make_worker(nik=make_nik(serial=2))

    listing = officer.get(LIST_URL)
    assert listing.status_code == 200
    assert "di bawah 18" in list_row(listing, minor.registration_number)
    assert "di bawah 18" not in list_row(listing, adult.registration_number)

    page = text(officer.get(f"{LIST_URL}{minor.pk}/change/"))
    assert "Di bawah 18 tahun hari ini (umur 17)" in page


def test_a_person_who_has_just_turned_18_is_not_marked(officer):
    today = timezone.localdate()
    born = datetime.date(today.year - 18, today.month, min(today.day, 28)) - datetime.timedelta(days=1)

    worker = make_worker(nik=make_nik(birth_date=born), birth_date=born)

    assert "Di bawah 18 tahun" not in text(officer.get(f"{LIST_URL}{worker.pk}/change/"))
