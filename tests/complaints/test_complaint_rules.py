"""The complaint rules that live in one place each: the wrong-code lockout in `complaint_track` (one
count for the page and the API), the anonymity rule in `complaint_file`, and the actions a user may
take in `complaints.permissions` (the buttons shown are exactly what the services accept)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from complaints.choices import Status
from complaints.models import Complaint
from complaints.permissions import complaint_actions
from complaints.services import complaint_file, complaint_set_priority, complaint_transition
from complaints.tracking import WRONG_CODE_LIMIT, TrackingLocked, complaint_track
from portal.errors import ApplicationError
from tests.complaints.builders import ALPHABET, file_complaint, make_complaint_in, make_supervisor

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.67"


def wrong(code: str) -> str:
    return "".join(ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)] for ch in code)


@pytest.fixture
def filed(office_lampung):
    return file_complaint()


def test_complaint_track_returns_the_complaint_for_the_right_code(filed):
    complaint, code = filed

    assert complaint_track(ticket=complaint.ticket, access_code=code, client=ATTACKER) == complaint


def test_complaint_track_answers_not_found_for_a_wrong_code(filed):
    complaint, code = filed

    with pytest.raises(ApplicationError) as raised:
        complaint_track(ticket=complaint.ticket, access_code=wrong(code), client=ATTACKER)

    assert (raised.value.code, raised.value.status) == ("not_found", 404)


def test_complaint_track_locks_the_ticket_for_the_client_after_the_limit(filed):
    complaint, code = filed
    for _ in range(WRONG_CODE_LIMIT):
        with pytest.raises(ApplicationError):
            complaint_track(ticket=complaint.ticket, access_code=wrong(code), client=ATTACKER)

    with pytest.raises(TrackingLocked):
        complaint_track(ticket=complaint.ticket, access_code=code, client=ATTACKER)
    assert complaint_track(ticket=complaint.ticket, access_code=code, client="203.0.113.10") == complaint


def test_wrong_codes_on_the_page_lock_the_api_too(filed):
    """One count per ticket and client, whichever door the guesses come through."""
    complaint, code = filed
    page = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(WRONG_CODE_LIMIT):
        page.post("/pengaduan/lacak/", {"ticket": complaint.ticket, "access_code": wrong(code)})

    response = APIClient().post(
        "/api/v1/complaints/track/",
        {"ticket": complaint.ticket, "access_code": code},
        format="json",
        REMOTE_ADDR=ATTACKER,
    )

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert response.headers["Retry-After"] == "3600"


def test_wrong_codes_through_the_api_lock_the_page_too(filed):
    complaint, code = filed
    api = APIClient()
    for _ in range(WRONG_CODE_LIMIT):
        api.post(
            "/api/v1/complaints/track/",
            {"ticket": complaint.ticket, "access_code": wrong(code)},
            format="json",
            REMOTE_ADDR=ATTACKER,
        )

    response = Client(REMOTE_ADDR=ATTACKER).post(
        "/pengaduan/lacak/", {"ticket": complaint.ticket, "access_code": code}
    )

    assert response.status_code == 429


def _file(**overrides):
    values = {
        "category": "UNPAID_WAGES",
        "phase": "MASA",
        "description": "Anak saya di Taiwan belum digaji tiga bulan.",
        "anonymous": False,
        "reporter_relation": "FAMILY",
        "reporter_name": "Sulastri",
        "reporter_phone": "081311112222",
    }
    return complaint_file(**{**values, **overrides})


def test_complaint_file_refuses_a_named_reporter_without_phone_or_relation(office_lampung):
    with pytest.raises(ApplicationError) as raised:
        _file(reporter_phone="", reporter_relation="")

    assert raised.value.code == "invalid"
    assert set(raised.value.fields) == {"reporter_phone", "reporter_relation"}
    assert not Complaint.objects.exists()


def test_complaint_file_keeps_no_name_or_phone_of_an_anonymous_reporter(office_lampung):
    complaint, _code = _file(anonymous=True, reporter_relation="")

    complaint.refresh_from_db()
    assert (complaint.reporter_name, complaint.reporter_phone) == ("", "")


def test_an_officer_is_offered_exactly_the_moves_the_services_accept(office_lampung, officer_lampung):
    complaint = make_complaint_in(Status.IN_PROGRESS, actor=officer_lampung)

    assert complaint_actions(user=officer_lampung, complaint=complaint) == [
        "assign",
        "note",
        "refer",
        "resolved",
    ]
    with pytest.raises(ApplicationError):
        complaint_set_priority(
            complaint=complaint, actor=officer_lampung, priority="URGENT", expected_version=complaint.version
        )


def test_only_a_supervisor_is_offered_reopening_and_priority(office_lampung, officer_lampung):
    supervisor = make_supervisor(office_lampung)
    complaint = make_complaint_in(Status.CLOSED, actor=supervisor)

    assert complaint_actions(user=officer_lampung, complaint=complaint) == ["assign", "note"]
    assert complaint_actions(user=supervisor, complaint=complaint) == [
        "assign",
        "note",
        "in_progress",
        "priority",
    ]
    reopened = complaint_transition(
        complaint=complaint, to=Status.IN_PROGRESS, actor=supervisor, expected_version=complaint.version
    )
    assert reopened.status == Status.IN_PROGRESS
