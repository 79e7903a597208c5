"""The public registration form (/daftar/), its done page and the public status check."""

import hashlib
import html
import re

import pytest
from django.conf import settings as django_settings

from tests.workers.builders import NIK_FAILURES, make_nik, registration_data
from tests.workers.pages import text, text_of
from workers.models import ConsentEvent, FamilyContact, Worker, WorkerStatus

REGISTER_URL = "/daftar/"
DONE_URL = "/daftar/selesai/"
STATUS_URL = "/daftar/status/"
NUMBER = re.compile(r"CPMI-[A-Z2-9]{5}-[A-Z2-9]{5}")


def register(client, **overrides):
    return client.post(REGISTER_URL, registration_data(**overrides))


def notice_shown(page) -> str:
    match = re.search(r'<p class="notice">(.*?)</p>', page.content.decode(), re.S)
    assert match, "the privacy notice is not on the page"
    return html.unescape(match.group(1))


def low_public_write_rate(settings, rate: str = "2/day") -> None:
    # A day-long window: the three posts of a test cannot straddle a window boundary.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public_write": rate}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_the_form_opens_in_indonesian_with_every_section_and_the_privacy_notice(client, db):
    response = client.get(REGISTER_URL)

    assert response.status_code == 200
    page = text(response)
    assert "Mendaftar sebagai calon pekerja migran (CPMI)" in page
    for legend in [
        "1. Identitas",
        "2. Tempat tinggal",
        "3. Kontak",
        "4. Anggota keluarga yang bisa dihubungi",
        "5. Pekerjaan yang Anda inginkan",
        "6. Persetujuan Anda",
    ]:
        assert legend in page
    assert notice_shown(response).startswith("BP3MI memproses data di formulir ini")
    assert "NIK Anda disimpan terenkripsi" in notice_shown(response)
    assert "Kirim pendaftaran saya" in page


def test_a_valid_registration_leads_to_a_page_showing_the_registration_number(client, db):
    response = register(client)

    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    done = client.get(DONE_URL)
    assert done.status_code == 200
    number = text_of(done, "registration-number")
    assert NUMBER.fullmatch(number)
    assert Worker.objects.get().registration_number == number


def test_the_done_page_without_a_registration_sends_the_visitor_to_the_form(client, db):
    response = client.get(DONE_URL)

    assert response.status_code == 302
    assert response["Location"] == REGISTER_URL


def test_a_registration_stores_the_worker_a_family_contact_and_the_consent_to_the_notice_shown(client, db):
    notice = notice_shown(client.get(REGISTER_URL))

    register(client)

    worker = Worker.objects.get()
    assert worker.status == WorkerStatus.SUBMITTED
    assert worker.domicile_village_id == "18.07.01.2001"
    assert (worker.full_name, worker.sex, worker.phone) == ("Siti Wahyuni", "F", "081234567890")
    assert worker.nik_last4 == "0001"
    family = FamilyContact.objects.get()
    assert (family.worker, family.full_name, family.relation, family.phone) == (
        worker,
        "Slamet Wahyudi",
        "PARENT",
        "081311112222",
    )
    consent = ConsentEvent.objects.get()
    assert consent.worker == worker
    assert consent.granted is True
    assert consent.notice_version == "2026-11"
    assert consent.notice_hash == hashlib.sha256(notice.encode()).hexdigest()


@pytest.mark.parametrize("kind", list(NIK_FAILURES))
def test_each_nik_problem_is_explained_next_to_the_nik_field_in_indonesian(client, db, kind):
    overrides, indonesian, _english = NIK_FAILURES[kind]

    response = register(client, **overrides)

    assert response.status_code == 200
    assert text_of(response, "id_nik_error") == indonesian
    assert not Worker.objects.exists()


@pytest.mark.parametrize("kind", list(NIK_FAILURES))
def test_each_nik_problem_is_explained_in_english_when_english_is_chosen(client, db, kind):
    overrides, _indonesian, english = NIK_FAILURES[kind]
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = register(client, **overrides)

    assert response.status_code == 200
    assert text_of(response, "id_nik_error") == english
    assert not Worker.objects.exists()


def test_without_consent_nobody_is_registered_and_the_reason_is_shown(client, db):
    data = registration_data()
    del data["consent"]

    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    assert (
        text_of(response, "id_consent_error") == "Kami hanya dapat mendaftarkan Anda dengan persetujuan Anda."
    )
    assert not Worker.objects.exists()


# Valid for Django's EmailValidator (which allows 320 characters), too long for the 254-character column.
LONG_EMAIL = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "com"


def test_an_email_address_too_long_to_store_is_refused_with_a_message(client, db):
    response = register(client, email=LONG_EMAIL)

    assert response.status_code == 200
    assert text_of(response, "id_email_error")
    assert not Worker.objects.exists()


def test_a_phone_number_written_with_symbols_that_are_not_digits_is_refused(client, db):
    response = register(client, phone="²²²²²²²²²²")

    assert response.status_code == 200
    assert text_of(response, "id_phone_error").startswith("Tulis nomor telepon dengan angka saja")
    assert not Worker.objects.exists()


def test_a_phone_number_is_stored_in_its_one_national_form(client, db):
    register(client, phone="+62 812-3456-7890")

    assert Worker.objects.get().phone == "081234567890"


def test_a_filled_honeypot_registers_nobody(client, db):
    response = register(client, website="https://spam.example")

    assert response.status_code == 200
    assert not Worker.objects.exists()


def test_asking_for_the_next_region_choices_keeps_what_was_typed_and_shows_no_errors(client, db):
    data = registration_data(_cascade="1")
    for level in ("regency", "district", "village"):
        data[f"domicile-{level}"] = ""

    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "has-error" not in content
    assert 'role="alert"' not in content
    assert 'value="Siti Wahyuni"' in content
    assert f'value="{make_nik()}"' in content
    assert '<option value="18.07">Kabupaten Lampung Timur</option>' in content
    assert not Worker.objects.exists()


def test_the_status_page_shows_a_new_registration_as_waiting_for_verification(client, db):
    register(client)
    number = Worker.objects.get().registration_number

    response = client.post(STATUS_URL, {"registration_number": number.lower(), "birth_date": "1999-05-17"})

    assert response.status_code == 200
    result = text_of(response, "status-result")
    assert number in result
    assert "Status: Menunggu verifikasi" in result


def test_the_status_page_finds_nothing_with_the_wrong_birth_date(client, db):
    register(client)
    number = Worker.objects.get().registration_number

    response = client.post(STATUS_URL, {"registration_number": number, "birth_date": "1999-05-18"})

    assert response.status_code == 200
    result = text_of(response, "status-result")
    assert "Kami tidak menemukan pendaftaran dengan nomor dan tanggal lahir ini." in result
    assert number not in result


def test_too_many_registrations_from_one_address_get_the_friendly_429_page(client, db, settings):
    low_public_write_rate(settings)

    first = register(client, nik=make_nik(serial=1), phone="0812 0000 0001")
    second = register(client, nik=make_nik(serial=2), phone="0812 0000 0002")
    third = register(client, nik=make_nik(serial=3), phone="0812 0000 0003")

    assert [first.status_code, second.status_code] == [302, 302]
    assert third.status_code == 429
    assert "Terlalu banyak percobaan" in text(third)
    assert "Silakan coba lagi dalam" in text(third)
    assert "Data yang sudah Anda kirim sebelumnya aman." in text(third)
    assert Worker.objects.count() == 2


def test_asking_for_the_next_region_choices_does_not_use_up_the_registration_limit(client, db, settings):
    low_public_write_rate(settings, rate="3/day")
    data = registration_data(_cascade="1")
    for level in ("province", "regency", "district"):
        data[f"domicile-{level}"] = {"province": "18", "regency": "18.07", "district": "18.07.01"}[level]
        client.post(REGISTER_URL, {**data, "domicile-village": ""})

    response = register(client)

    assert response.status_code == 302
    assert Worker.objects.count() == 1


def test_registering_the_same_nik_twice_looks_the_same_and_marks_both_for_officers(
    client, db, officer_lampung
):
    first = register(client)
    first_number = text_of(client.get(DONE_URL), "registration-number")
    second = register(client, full_name="Siti W.")
    second_number = text_of(client.get(DONE_URL), "registration-number")

    assert (
        (first.status_code, first["Location"]) == (second.status_code, second["Location"]) == (302, DONE_URL)
    )
    assert first_number != second_number
    assert NUMBER.fullmatch(second_number)
    assert list(Worker.objects.order_by("id").values_list("possible_duplicate", flat=True)) == [True, True]

    visible = Worker.objects.visible_to(officer_lampung).filter(possible_duplicate=True)
    assert visible.values("nik_index").distinct().count() == 1
    client.force_login(officer_lampung)
    listing = client.get("/admin/workers/worker/?possible_duplicate__exact=1")
    assert listing.status_code == 200
    assert first_number in text(listing)
    assert second_number in text(listing)
