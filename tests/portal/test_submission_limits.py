"""Rate limits sized for shared addresses (issue 14 item 4): only ACCEPTED registrations and
complaints count; 60 an hour per address (an outreach event behind one carrier address), with
per-NIK and per-phone limits for a single abuser; the limit page says in minutes when to try again
and gives the national call centre and the office's phone."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.services import office_upsert
from tests.complaints.builders import form_data as complaint_form_data
from tests.workers.builders import api_registration_data, make_nik, registration_data
from workers.models import Worker

pytestmark = pytest.mark.django_db

CARRIER = "203.0.113.9"  # one CGNAT address in front of a whole village


def rates(settings, **overrides) -> None:
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **overrides}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}


def person(serial: int) -> dict:
    return {"nik": make_nik(serial=serial), "phone": f"0812 7000 {serial:04d}"}


def test_sixty_registrations_from_one_address_go_through_and_the_sixty_first_gets_the_limit_page(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_write"] == "60/hour"
    office_upsert(code="bp3mi-lampung", name="BP3MI Lampung", region_codes=["18"], phone="0721-000000")
    client = Client(REMOTE_ADDR=CARRIER)

    statuses = [client.post("/daftar/", registration_data(**person(n))).status_code for n in range(1, 61)]
    refused = client.post("/daftar/", registration_data(**person(61)))

    assert statuses == [302] * 60
    assert Worker.objects.count() == 60
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Silakan coba lagi dalam" in page and "menit" in page
    assert "0800-1000" in page  # the national call centre
    assert "0721-000000" in page  # the office serving the village she chose
    assert int(refused["Retry-After"]) <= 3600


def test_failed_validations_do_not_count_against_the_address(settings):
    rates(settings, public_write="2/day")
    client = Client(REMOTE_ADDR=CARRIER)

    failed = [client.post("/daftar/", registration_data(nik="123", **{"phone": "0812"})) for _ in range(5)]
    accepted = [client.post("/daftar/", registration_data(**person(n))).status_code for n in (1, 2)]
    third = client.post("/daftar/", registration_data(**person(3)))

    assert {r.status_code for r in failed} == {200}
    assert accepted == [302, 302]
    assert third.status_code == 429


def test_one_nik_is_stopped_after_three_submissions_whatever_the_address(settings):
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/daftar/", registration_data(nik=make_nik(serial=7), phone=f"0812 8000 000{n}")).status_code
        for n in range(1, 5)
    ]  # fmt: skip

    assert statuses == [302, 302, 302, 429]


def test_one_phone_is_stopped_after_ten_submissions_whatever_the_address(settings):
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/daftar/", registration_data(nik=make_nik(serial=n), phone="0812 9999 0000")).status_code
        for n in range(1, 12)
    ]  # fmt: skip

    assert statuses == [302] * 10 + [429]


def test_complaints_count_only_when_accepted_too(settings):
    rates(settings, public_write="1/day")
    client = Client(REMOTE_ADDR=CARRIER)

    invalid = client.post("/pengaduan/", complaint_form_data(description=""))
    accepted = client.post("/pengaduan/", complaint_form_data())
    refused = client.post("/pengaduan/", complaint_form_data(reporter_phone="0813 5555 6666"))

    assert (invalid.status_code, accepted.status_code, refused.status_code) == (200, 302, 429)
    assert "0800-1000" in refused.content.decode()


def test_the_api_counts_only_accepted_registrations_and_says_when_to_retry(settings):
    rates(settings, public_write="2/day")
    api = APIClient(REMOTE_ADDR=CARRIER)

    invalid = [
        api.post("/api/v1/registrations/", api_registration_data(nik="1"), format="json") for _ in range(4)
    ]
    accepted = [
        api.post("/api/v1/registrations/", api_registration_data(nik=make_nik(serial=n), phone=f"08127000{n:04d}"), format="json")
        for n in (1, 2)
    ]  # fmt: skip
    refused = api.post("/api/v1/registrations/", api_registration_data(nik=make_nik(serial=3)), format="json")

    assert {r.status_code for r in invalid} == {400}
    assert [r.status_code for r in accepted] == [201, 201]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
