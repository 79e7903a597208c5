"""Filing a data-rights request (/hak-data/ and POST /api/v1/data-requests/): a number and an access code
for every request, the same answer whether or not the identity matches (no enumeration), the officer told
which matched, and the usual rate limits."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from datarights.choices import ANSWER_WITHIN
from datarights.models import DataRequest
from tests.complaints.builders import file_complaint
from tests.datarights.builders import api_data, page_data, registered
from tests.workers.pages import text, text_of

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^HAK-[A-Z2-9]{5}-[A-Z2-9]{5}$")
CODE = re.compile(r"^[A-Z2-9]{8}$")
FORM_URL = "/hak-data/"
API_URL = "/api/v1/data-requests/"


def post_page(client, data):
    return client.post(FORM_URL, data, follow=True)


def test_the_page_works_without_javascript_and_speaks_indonesian(client):
    page = client.get(FORM_URL)
    assert page.status_code == 200
    assert "Hak atas data Anda" in text(page)
    assert "<script" not in page.content.decode().split("<main", 1)[-1]


def test_a_person_who_proves_who_she_is_gets_a_number_and_a_code(client, office_lampung):
    worker, nik = registered()
    page = post_page(client, page_data(worker, nik))
    number, code = text_of(page, "request-number"), text_of(page, "access-code")
    assert NUMBER.match(number) and CODE.match(code)
    request = DataRequest.objects.get(number=number)
    assert request.identity_matched and request.worker == worker
    assert request.village_id == worker.domicile_village_id and request.office == office_lampung
    assert request.due_at - request.received_at == ANSWER_WITHIN
    assert code not in request.access_code_hash


def test_the_receipt_is_shown_once(client):
    worker, nik = registered()
    post_page(client, page_data(worker, nik))
    again = client.get("/hak-data/terkirim/", follow=True)
    assert text_of(again, "access-code") is None


@pytest.mark.parametrize(
    "wrong",
    [{"nik": "1807015208960999"}, {"birth_date": "1990-01-01"}, {"reference": "CPMI-AAAAA-BBBBB"}],
    ids=["wrong NIK", "wrong birth date", "unknown number"],
)
def test_a_wrong_identity_gets_exactly_the_same_answer(client, wrong, office_lampung):
    worker, nik = registered()
    right = post_page(Client(), page_data(worker, nik))
    other = post_page(client, page_data(worker, nik, **wrong))
    assert other.status_code == right.status_code == 200
    mask = lambda page: re.sub(r"HAK-[A-Z2-9-]+|[A-Z2-9]{8}", "X", text(page))  # noqa: E731
    assert mask(other) == mask(right)
    recorded = DataRequest.objects.get(number=text_of(other, "request-number"))
    assert not recorded.identity_matched and recorded.worker is None
    assert recorded.office == office_lampung  # the office that receives public requests sees it


def test_the_api_answers_a_wrong_identity_the_same_way(office_lampung):
    worker, nik = registered()
    right = APIClient().post(API_URL, api_data(worker, nik), format="json")
    wrong = APIClient().post(API_URL, api_data(worker, "1807015208960999"), format="json")
    assert right.status_code == wrong.status_code == 201
    assert set(right.json()) == set(wrong.json()) == {"number", "access_code", "due_at"}
    assert DataRequest.objects.get(number=right.json()["number"]).identity_matched
    assert not DataRequest.objects.get(number=wrong.json()["number"]).identity_matched


def test_a_correction_says_what_is_wrong_and_what_is_right(client):
    worker, nik = registered()
    page = post_page(client, page_data(worker, nik, kind="CORRECTION"))
    assert "Sebutkan data mana yang salah." in text(page)
    assert not DataRequest.objects.exists()
    response = APIClient().post(API_URL, api_data(worker, nik, kind="CORRECTION"), format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"what_is_wrong", "what_is_right"}


def test_a_withdrawal_names_the_consent_withdrawn(client):
    worker, nik = registered()
    page = post_page(client, page_data(worker, nik, kind="WITHDRAWAL"))
    assert "Pilih persetujuan yang Anda tarik." in text(page)
    post_page(client, page_data(worker, nik, kind="WITHDRAWAL", purpose="REGISTRATION"))
    assert DataRequest.objects.get().purpose == "REGISTRATION"


def test_a_complaint_ticket_and_code_identify_its_reporter(client):
    complaint, code = file_complaint()
    data = {
        "kind": "ACCESS",
        "identified_by": "COMPLAINT",
        "reference": complaint.ticket,
        "access_code": code,
    }
    page = post_page(client, {**data, "website": ""})
    request = DataRequest.objects.get(number=text_of(page, "request-number"))
    assert request.identity_matched and request.complaint == complaint and request.worker is None
    wrong = post_page(Client(), {**data, "access_code": "AAAAAAAA", "website": ""})
    assert not DataRequest.objects.get(number=text_of(wrong, "request-number")).identity_matched


def test_a_complaint_ticket_cannot_ask_to_erase_a_workers_record(client):
    complaint, code = file_complaint()
    data = {
        "kind": "ERASURE",
        "identified_by": "COMPLAINT",
        "reference": complaint.ticket,
        "access_code": code,
    }
    page = post_page(client, {**data, "website": ""})
    assert text_of(page, "request-number") is None
    assert not DataRequest.objects.exists()


def test_requests_naming_one_nik_are_limited_like_registrations(settings):
    worker, nik = registered()
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_write_nik"].split("/")[0])
    for n in range(limit):
        client = APIClient(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert client.post(API_URL, api_data(worker, nik), format="json").status_code == 201
    over = APIClient(REMOTE_ADDR="198.51.100.200").post(API_URL, api_data(worker, nik), format="json")
    assert over.status_code == 429
    assert over.json()["error"]["code"] == "throttled"
    page = Client(REMOTE_ADDR="198.51.100.201").post(FORM_URL, page_data(worker, nik))
    assert page.status_code == 429
    assert DataRequest.objects.count() == limit


def test_a_filled_honeypot_is_refused(client):
    worker, nik = registered()
    post_page(client, page_data(worker, nik, website="http://spam"))
    assert not DataRequest.objects.exists()


def test_every_public_page_leads_to_the_data_rights_page(client):
    assert 'href="/hak-data/"' in client.get("/").content.decode()
    assert 'href="/hak-data/"' in client.get("/pengaduan/lacak/").content.decode()
