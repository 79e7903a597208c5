"""Public intake: the HTML form on /pengaduan/ and `POST /api/v1/complaints/`, the one-time receipt,
the hashed access code, anonymity, the honeypot, priority and due time, and the receiving office."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from complaints.choices import Category, EventKind, Priority, Status
from complaints.models import Complaint, ComplaintEvent
from tests.complaints.builders import (
    DESCRIPTION,
    LAMPUNG_VILLAGE,
    SURABAYA_VILLAGE,
    TICKET,
    api_data,
    form_data,
    make_office,
)
from tests.workers.pages import text, text_of

pytestmark = pytest.mark.django_db

FORM_URL = "/pengaduan/"
DONE_URL = "/pengaduan/terkirim/"
API_URL = "/api/v1/complaints/"
FROZEN = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)
URGENT = {Category.TRAFFICKING, Category.DEATH, Category.DETENTION}
DUE_DAYS = {Priority.URGENT: 2, Priority.HIGH: 7, Priority.NORMAL: 30}


def file_through_the_form(client, **overrides):
    return client.post(FORM_URL, form_data(**overrides), follow=True)


def receipt(response) -> tuple[str | None, str | None]:
    return text_of(response, "ticket"), text_of(response, "access-code")


# --- The HTML form -------------------------------------------------------------------------------------


def test_a_valid_report_shows_the_ticket_and_access_code_on_the_done_page(client, office_lampung):
    response = file_through_the_form(client)

    assert response.redirect_chain == [(DONE_URL, 302)]
    ticket, code = receipt(response)
    assert TICKET.match(ticket), ticket
    assert code and len(code) == 8
    assert "Laporan diterima" in text(response)
    complaint = Complaint.objects.get()
    assert complaint.ticket == ticket
    assert (complaint.status, complaint.category, complaint.phase) == (
        Status.RECEIVED,
        "UNPAID_WAGES",
        "MASA",
    )
    assert (complaint.reporter_name, complaint.reporter_phone) == ("Sulastri", "081311112222")
    assert complaint.village_id == LAMPUNG_VILLAGE
    assert complaint.destination_country_id == "TW"
    assert check_password(code, complaint.access_code_hash)


def test_the_done_page_shows_the_ticket_and_code_only_once(client, office_lampung):
    first = file_through_the_form(client)
    ticket, code = receipt(first)

    second = client.get(DONE_URL, follow=True)

    assert second.redirect_chain == [("/pengaduan/lacak/", 302)]
    assert ticket not in second.content.decode()
    assert code not in second.content.decode()
    assert receipt(second) == (None, None)


def test_the_receipt_never_travels_in_the_url(client, office_lampung):
    response = file_through_the_form(client)
    ticket, code = receipt(response)

    assert all(ticket not in url and code not in url for url, _status in response.redirect_chain)


def test_the_database_stores_only_a_hash_of_the_access_code(client, office_lampung):
    response = file_through_the_form(client)
    _ticket, code = receipt(response)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM complaints_complaint")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert not [value for value in rows[0] if code in str(value)]
    assert not ComplaintEvent.objects.filter(text__contains=code).exists()
    assert check_password(code, Complaint.objects.get().access_code_hash)


def test_an_anonymous_report_stores_no_name_and_no_phone(client, office_lampung):
    response = file_through_the_form(client, anonymous="on", reporter_relation="")

    assert response.redirect_chain == [(DONE_URL, 302)]
    complaint = Complaint.objects.get()
    assert complaint.anonymous is True
    assert (complaint.reporter_name, complaint.reporter_phone) == ("", "")


def test_an_anonymous_report_needs_no_phone_and_no_relation(client, office_lampung):
    response = file_through_the_form(
        client, anonymous="on", reporter_relation="", reporter_name="", reporter_phone=""
    )

    assert response.redirect_chain == [(DONE_URL, 302)]
    assert Complaint.objects.get().anonymous is True


def test_the_database_refuses_an_anonymous_complaint_with_a_name_or_phone(office_lampung):
    base = {
        "ticket": "ADU-AAAAA-BBBBB", "access_code_hash": "x", "phase": "MASA", "category": "OTHER",
        "priority": "NORMAL", "description": DESCRIPTION, "anonymous": True, "due_at": timezone.now(),
    }  # fmt: skip
    for identity in ({"reporter_name": "Sulastri"}, {"reporter_phone": "081311112222"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Complaint.objects.create(**base, **identity)
    assert not Complaint.objects.exists()


def test_a_named_report_without_phone_or_relation_gets_both_errors_in_indonesian(client, office_lampung):
    response = file_through_the_form(client, reporter_phone="", reporter_relation="")

    assert response.status_code == 200
    assert response.redirect_chain == []
    assert text_of(response, "id_reporter_phone_error") == (
        "Isi nomor telepon yang bisa kami hubungi, atau laporkan tanpa nama."
    )
    assert (
        text_of(response, "id_reporter_relation_error")
        == "Beri tahu kami siapa Anda, atau laporkan tanpa nama."
    )
    assert "Ada isian yang belum benar" in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("missing", "error_id"),
    [("reporter_phone", "id_reporter_phone_error"), ("reporter_relation", "id_reporter_relation_error")],
)
def test_only_the_missing_field_of_a_named_report_gets_an_error(client, office_lampung, missing, error_id):
    response = file_through_the_form(client, **{missing: ""})

    assert text_of(response, error_id)
    assert len(re.findall(r'class="error" id="id_[a-z_-]+_error"', response.content.decode())) == 1
    assert not Complaint.objects.exists()


def test_what_was_typed_is_kept_when_the_form_has_errors(client, office_lampung):
    response = file_through_the_form(client, reporter_phone="")

    assert DESCRIPTION in response.content.decode()
    assert 'value="Sulastri"' in response.content.decode()


def test_a_filled_honeypot_creates_nothing(client, office_lampung):
    response = file_through_the_form(client, website="http://spam.example")

    assert response.status_code == 200
    assert response.redirect_chain == []
    assert not Complaint.objects.exists()
    assert not ComplaintEvent.objects.exists()
    assert receipt(response) == (None, None)


def test_intake_writes_a_public_received_event(client, office_lampung):
    file_through_the_form(client)

    event = ComplaintEvent.objects.get()
    assert (event.kind, event.public, event.status_to, event.actor) == (
        EventKind.CREATED, True, Status.RECEIVED, None
    )  # fmt: skip
    assert event.text == "Pengaduan Anda sudah kami terima."


# --- Priority, due time and the receiving office -------------------------------------------------------


@pytest.mark.parametrize("category", Category.values)
def test_priority_and_due_time_follow_the_category(api, office_lampung, category):
    with time_machine.travel(FROZEN, tick=False):
        response = api.post(API_URL, api_data(category=category), format="json")

    assert response.status_code == 201
    complaint = Complaint.objects.get(ticket=response.json()["ticket"])
    if category in URGENT:
        assert complaint.priority == Priority.URGENT
    else:
        assert complaint.priority != Priority.URGENT
    assert complaint.due_at == FROZEN + datetime.timedelta(days=DUE_DAYS[Priority(complaint.priority)])


def test_the_three_urgent_categories_are_due_in_two_days(api, office_lampung):
    with time_machine.travel(FROZEN, tick=False):
        tickets = [
            api.post(API_URL, api_data(category=category), format="json").json()["ticket"]
            for category in ("TRAFFICKING", "DEATH", "DETENTION")
        ]

    complaints = Complaint.objects.filter(ticket__in=tickets)
    assert {(c.priority, c.due_at) for c in complaints} == {
        (Priority.URGENT, FROZEN + datetime.timedelta(days=2))
    }


def test_a_village_sends_the_complaint_to_the_office_covering_it(client, office_lampung, office_jatim):
    file_through_the_form(client)

    assert Complaint.objects.get().office == office_lampung


def test_a_village_in_another_province_goes_to_that_provinces_office(api, office_lampung, office_jatim):
    response = api.post(API_URL, api_data(village_code=SURABAYA_VILLAGE), format="json")

    assert Complaint.objects.get(ticket=response.json()["ticket"]).office == office_jatim


def test_a_regency_office_wins_over_the_province_office(api, office_lampung):
    lampung_timur = make_office("lampung-timur", ["18.07"])

    response = api.post(API_URL, api_data(village_code=LAMPUNG_VILLAGE), format="json")

    assert Complaint.objects.get(ticket=response.json()["ticket"]).office == lampung_timur


def test_without_a_village_the_intake_office_of_the_settings_receives_it(
    client, settings, office_lampung, office_jatim
):
    settings.COMPLAINT_INTAKE_OFFICE = office_jatim.code
    no_village = {f"village-{level}": "" for level in ("province", "regency", "district", "village")}

    response = file_through_the_form(client, **no_village)

    assert response.redirect_chain == [(DONE_URL, 302)]
    complaint = Complaint.objects.get()
    assert complaint.village is None
    assert complaint.office == office_jatim


# --- The API -------------------------------------------------------------------------------------------


def test_the_api_answers_201_with_exactly_the_ticket_and_the_access_code(api, office_lampung):
    response = api.post(API_URL, api_data(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"ticket", "access_code"}
    assert TICKET.match(body["ticket"])
    complaint = Complaint.objects.get()
    assert complaint.ticket == body["ticket"]
    assert check_password(body["access_code"], complaint.access_code_hash)
    assert body["access_code"] not in complaint.access_code_hash


def test_the_api_stores_no_identity_for_an_anonymous_report(api, office_lampung):
    response = api.post(API_URL, api_data(anonymous=True), format="json")

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.anonymous, complaint.reporter_name, complaint.reporter_phone) == (True, "", "")


def test_the_api_refuses_a_named_report_without_phone_or_relation(api, office_lampung):
    response = api.post(API_URL, api_data(reporter_phone="", reporter_relation=""), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "reporter_phone": ["Isi nomor telepon yang bisa kami hubungi, atau laporkan tanpa nama."],
        "reporter_relation": ["Beri tahu kami siapa Anda, atau laporkan tanpa nama."],
    }
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": "STOLEN_GOAT"}, "category", None),
        ({"village_code": "18.07.01.9999"}, "village_code",
         "Tidak ada desa dengan kode ini. Gunakan kode seperti 18.07.01.2001."),
        ({"destination_country": "ZZ"}, "destination_country",
         "Gunakan kode negara ISO 3166-1 alpha-2, misalnya MY atau TW."),
    ],
    ids=["bad-category", "bad-village", "bad-country"],
)  # fmt: skip
def test_the_api_reports_a_bad_field_in_the_one_error_shape(api, office_lampung, overrides, field, message):
    response = api.post(API_URL, api_data(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == "Ada isian yang belum benar. Mohon perbaiki lalu coba lagi."
    assert list(body["error"]["fields"]) == [field]
    if message:
        assert body["error"]["fields"][field] == [message]
    assert not Complaint.objects.exists()
