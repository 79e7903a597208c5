"""Tracking a report with its ticket and access code (/pengaduan/lacak/ and the API): public events
only, a lockout after ten wrong codes per ticket and client, and tickets nobody can guess."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from complaints.choices import Status
from complaints.models import new_access_code, new_ticket
from complaints.services import complaint_assign, complaint_note
from tests.complaints.builders import ALPHABET, TICKET, file_complaint, move
from tests.workers.pages import text, text_of

pytestmark = pytest.mark.django_db

TRACK_URL = "/pengaduan/lacak/"
API_TRACK_URL = "/api/v1/complaints/track/"
NOT_FOUND = "Tidak ada laporan dengan tiket dan kode ini. Periksa keduanya lalu coba lagi."
PUBLIC_NOTE = "Kami sudah menghubungi agensi di Taipei, mohon ditunggu."
INTERNAL_NOTE = "Pelapor kemungkinan kerabat majikan, cek ulang identitasnya."
INTERNAL_STEP_NOTE = "Ditelepon pukul 10.00, nomor aktif."
ATTACKER = "198.51.100.66"
NEIGHBOUR = "203.0.113.9"


@pytest.fixture
def filed(office_lampung, officer_lampung):
    """A complaint in progress with a public note, internal notes and an assignment (which names the officer)."""
    complaint, code = file_complaint()
    complaint = complaint_assign(
        complaint=complaint,
        assignee=officer_lampung,
        actor=officer_lampung,
        expected_version=complaint.version,
    )
    complaint = move(
        complaint,
        Status.VERIFIED,
        Status.IN_PROGRESS,
        actor=officer_lampung,
        internal_note=INTERNAL_STEP_NOTE,
    )
    complaint_note(complaint=complaint, actor=officer_lampung, text=PUBLIC_NOTE, public=True)
    complaint_note(complaint=complaint, actor=officer_lampung, text=INTERNAL_NOTE, public=False)
    return complaint, code


def track(client, ticket, code, **extra):
    return client.post(TRACK_URL, {"ticket": ticket, "access_code": code}, **extra)


def api_track(ticket, code, address="127.0.0.1"):
    return APIClient().post(
        API_TRACK_URL, {"ticket": ticket, "access_code": code}, format="json", REMOTE_ADDR=address
    )


def wrong(code: str) -> str:
    return "".join(ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)] for ch in code)


# --- What the reporter sees ----------------------------------------------------------------------------


def test_the_right_ticket_and_code_show_the_status_and_the_public_events(client, filed):
    complaint, code = filed

    response = track(client, complaint.ticket, code)

    assert response.status_code == 200
    result = text_of(response, "complaint-status")
    assert complaint.ticket in result
    assert "Status: Sedang ditangani" in result
    assert PUBLIC_NOTE in result
    assert "Pengaduan Anda sudah kami terima." in result
    assert "Terverifikasi" in result


def test_the_tracking_page_never_shows_internal_notes_or_the_officers_name(client, filed):
    complaint, code = filed

    page = track(client, complaint.ticket, code).content.decode()

    assert PUBLIC_NOTE in page  # the page did render the timeline
    for secret in (INTERNAL_NOTE, INTERNAL_STEP_NOTE, "officer.lampung", "Ditugaskan"):
        assert secret not in page, secret


def test_a_ticket_typed_in_lower_case_with_spaces_still_matches(client, filed):
    complaint, code = filed

    response = track(client, f"  {complaint.ticket.lower()} ", code.lower())

    assert "Sedang ditangani" in text_of(response, "complaint-status")


def test_a_wrong_code_shows_the_not_found_message_and_nothing_of_the_complaint(client, filed):
    complaint, code = filed

    response = track(client, complaint.ticket, wrong(code))

    assert response.status_code == 200
    assert NOT_FOUND in text(response)
    assert text_of(response, "complaint-status") is None
    assert PUBLIC_NOTE not in response.content.decode()


def test_an_unknown_ticket_shows_the_same_message_as_a_wrong_code(client, filed):
    _complaint, code = filed

    response = track(client, new_ticket(), code)

    assert NOT_FOUND in text(response)
    assert text_of(response, "complaint-status") is None


def test_the_api_gives_the_status_and_only_the_public_events(filed):
    complaint, code = filed

    response = api_track(complaint.ticket, code)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.IN_PROGRESS
    assert [event["status"] for event in body["events"] if event["status"]] == [
        Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS
    ]  # fmt: skip
    assert PUBLIC_NOTE in [event["text"] for event in body["events"]]
    raw = json.dumps(body, ensure_ascii=False)
    for secret in (INTERNAL_NOTE, INTERNAL_STEP_NOTE, "officer.lampung", "ASSIGNED"):
        assert secret not in raw, secret


def test_the_api_answers_404_in_the_error_shape_for_a_wrong_code(filed):
    complaint, code = filed

    response = api_track(complaint.ticket, wrong(code))

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": NOT_FOUND, "fields": {}}}


# --- Ten wrong codes, then a lockout for that ticket from that client -----------------------------------


def test_after_ten_wrong_codes_the_page_refuses_even_the_right_code(filed):
    complaint, code = filed
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(10):
        assert NOT_FOUND in text(track(attacker, complaint.ticket, wrong(code)))

    response = track(attacker, complaint.ticket, code)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in text(response)
    assert "Sedang ditangani" not in text(response)


def test_the_tenth_wrong_code_is_still_answered_normally(filed):
    complaint, code = filed
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(9):
        track(attacker, complaint.ticket, wrong(code))

    response = track(attacker, complaint.ticket, code)

    # A wrong code is answered 200 too, so the status code alone would not tell the right code was taken.
    assert response.status_code == 200
    assert NOT_FOUND not in text(response)
    assert "Status: Sedang ditangani" in text_of(response, "complaint-status")


def test_another_client_is_not_blocked_by_someone_elses_wrong_codes(filed):
    complaint, code = filed
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(11):
        track(attacker, complaint.ticket, wrong(code))

    response = track(Client(REMOTE_ADDR=NEIGHBOUR), complaint.ticket, code)

    assert response.status_code == 200
    assert "Sedang ditangani" in text_of(response, "complaint-status")


def test_after_ten_wrong_codes_the_api_answers_429_even_for_the_right_code(filed):
    complaint, code = filed
    for _ in range(10):
        assert api_track(complaint.ticket, wrong(code), ATTACKER).status_code == 404

    response = api_track(complaint.ticket, code, ATTACKER)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "status" not in response.json()


def test_the_api_lockout_does_not_block_another_client(filed):
    complaint, code = filed
    for _ in range(11):
        api_track(complaint.ticket, wrong(code), ATTACKER)

    response = api_track(complaint.ticket, code, NEIGHBOUR)

    assert response.status_code == 200
    assert response.json()["status"] == Status.IN_PROGRESS


# --- Identifiers nobody can guess ----------------------------------------------------------------------


def _as_number(ticket: str) -> int:
    number = 0
    for ch in ticket.removeprefix("ADU-").replace("-", ""):
        number = number * len(ALPHABET) + ALPHABET.index(ch)
    return number


def test_tickets_are_random_not_sequential():
    tickets = [new_ticket() for _ in range(50)]

    assert len(set(tickets)) == 50
    assert all(TICKET.match(ticket) for ticket in tickets), tickets
    numbers = [_as_number(ticket) for ticket in tickets]
    steps = [later - earlier for earlier, later in zip(numbers, numbers[1:], strict=False)]
    assert not any(step == 1 for step in steps)
    assert numbers != sorted(numbers)


def test_access_codes_are_random_eight_characters_from_the_unambiguous_alphabet():
    codes = [new_access_code() for _ in range(50)]

    assert len(set(codes)) == 50
    assert all(len(code) == 8 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01IO") & set("".join(codes))
