"""Following a data request (/hak-data/lacak/ and POST /api/v1/data-requests/track/): status, due time and
outcome; the package once; a wrong code and an unknown number read the same; the shared lockout."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from datarights.services import data_request_fulfil_access
from portal.tracking import WRONG_CODE_LIMIT
from tests.datarights.builders import file_request, registered
from tests.workers.pages import text, text_of

pytestmark = pytest.mark.django_db

TRACK_URL = "/hak-data/lacak/"
API_URL = "/api/v1/data-requests/track/"
NOT_FOUND = "Tidak ada permintaan dengan nomor dan kode ini. Periksa keduanya lalu coba lagi."


def api_track(number, code, address="127.0.0.1", **extra):
    body = {"number": number, "access_code": code, **extra}
    return APIClient().post(API_URL, body, format="json", REMOTE_ADDR=address)


def test_a_received_request_shows_its_status_and_when_we_answer(client, office_lampung):
    worker, nik = registered()
    data_request, code = file_request(worker, nik)
    page = client.post(TRACK_URL, {"number": data_request.number.lower(), "access_code": code.lower()})
    status = text_of(page, "request-status")
    assert "Diterima, sedang ditangani" in status and "Kami menjawab paling lambat" in status


def test_a_wrong_code_and_an_unknown_number_read_the_same(client, office_lampung):
    worker, nik = registered()
    data_request, _code = file_request(worker, nik)
    wrong = client.post(TRACK_URL, {"number": data_request.number, "access_code": "AAAAAAAA"})
    unknown = client.post(TRACK_URL, {"number": "HAK-AAAAA-AAAAA", "access_code": "AAAAAAAA"})
    assert NOT_FOUND in text(wrong) and NOT_FOUND in text(unknown)
    assert api_track(data_request.number, "AAAAAAAA").status_code == 404
    assert (
        api_track("HAK-AAAAA-AAAAA", "AAAAAAAA").json() == api_track(data_request.number, "BBBBBBBB").json()
    )


def test_ten_wrong_codes_lock_the_number_for_that_client_even_for_the_right_code(office_lampung):
    worker, nik = registered()
    data_request, code = file_request(worker, nik)
    for _ in range(WRONG_CODE_LIMIT):
        assert api_track(data_request.number, "AAAAAAAA", address="198.51.100.66").status_code == 404
    assert api_track(data_request.number, code, address="198.51.100.66").status_code == 429
    assert api_track(data_request.number, code, address="203.0.113.9").status_code == 200


def test_the_api_shows_the_outcome_and_hands_the_package_over_once(office_lampung, officer_lampung):
    worker, nik = registered()
    data_request, code = file_request(worker, nik)
    before = api_track(data_request.number, code).json()
    assert (before["status"], before["outcome"], before["package_available"]) == ("RECEIVED", "", False)
    data_request_fulfil_access(data_request=data_request, officer=officer_lampung)
    ready = api_track(data_request.number, code).json()
    assert (ready["status"], ready["outcome"], ready["package_available"]) == (
        "COMPLETED",
        "ACCESS_GIVEN",
        True,
    )
    assert ready["package"] is None  # only on asking to download
    taken = api_track(data_request.number, code, download=True).json()
    assert taken["package"]["record"]["nama lengkap"] == worker.full_name
    again = api_track(data_request.number, code, download=True).json()
    assert again["package"] is None and again["package_available"] is False
    # Downloading through the page afterwards gets nothing either.
    person = Client()
    person.post(TRACK_URL, {"number": data_request.number, "access_code": code})
    assert person.post("/hak-data/lacak/unduh/").status_code == 410


def test_the_download_needs_this_browser_to_have_tracked_the_request(office_lampung, officer_lampung):
    worker, nik = registered()
    data_request, _code = file_request(worker, nik)
    data_request_fulfil_access(data_request=data_request, officer=officer_lampung)
    assert Client().post("/hak-data/lacak/unduh/").status_code == 410
    assert Client().get("/hak-data/lacak/unduh/").status_code == 405
