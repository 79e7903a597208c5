"""The village desk's API: the same village officer with a token reads the residents of the officer's
villages (keyset pages, logged) and files early warnings; every other role is refused."""

import pytest
from rest_framework.test import APIClient

from accounts.models import AccessAction, AccessLog
from accounts.services import api_token_issue
from tests.builders import SUKADANA, make_worker
from tests.placements.builders import make_placement
from tests.portal.drf_output import drf_rows
from village.models import EarlyWarning

pytestmark = pytest.mark.django_db

RESIDENTS = "/api/v1/village/residents/"
WARNINGS = "/api/v1/village/early-warnings/"
NEIGHBOUR = "18.07.01.2002"


def with_token(user) -> APIClient:
    _token, key = api_token_issue(user=user, name="sistem desa")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def village_api(village_officer):
    return with_token(village_officer)


def test_the_residents_of_the_village_and_nobody_else(village_api):
    ours = make_worker(SUKADANA, full_name="Rina Sukadana")
    make_placement(ours, destination_country_id="TW")
    make_worker(NEIGHBOUR, full_name="Dewi Tetangga")

    body = village_api.get(RESIDENTS).json()

    assert [row["full_name"] for row in body["results"]] == ["Rina Sukadana"]
    row = body["results"][0]
    assert row["registration_number"] == ours.registration_number
    assert row["nik_last4"] == ours.nik_last4
    assert (row["village_code"], row["destination_country"]) == (SUKADANA, "TW")
    assert "nik" not in row and "phone" not in row


def test_the_residents_are_keyset_paginated_and_every_page_is_logged(village_api, village_officer):
    for n in range(5):
        make_worker(SUKADANA, full_name=f"Warga {n}")

    first = village_api.get(RESIDENTS, {"page_size": 3}).json()
    second = village_api.get(first["next"]).json()

    names = [r["full_name"] for r in first["results"] + second["results"]]
    assert sorted(names) == [f"Warga {n}" for n in range(5)]
    assert "cursor=" in first["next"]
    logs = AccessLog.objects.filter(action=AccessAction.LIST, username=village_officer.username)
    assert sorted(entry.detail["rows"] for entry in logs) == [2, 3]


def test_the_residents_can_be_searched(village_api):
    make_worker(SUKADANA, full_name="Rina Sukadana")
    make_worker(SUKADANA, full_name="Yanti Lestari")

    body = village_api.get(RESIDENTS, {"q": "yanti"}).json()

    assert [r["full_name"] for r in body["results"]] == ["Yanti Lestari"]


@pytest.mark.parametrize("query", ["x" * 101, "a", " "])
def test_a_search_the_schema_refuses_is_refused(village_api, query):
    assert village_api.get(RESIDENTS, {"q": query}).status_code == 400


@pytest.mark.parametrize("persona", ["officer_lampung", "admin_user", "api_client_user", "dprd_lampungtimur"])
def test_every_other_role_is_refused(persona, request):
    client = with_token(request.getfixturevalue(persona))

    assert client.get(RESIDENTS).status_code == 403
    assert client.post(WARNINGS, {"kind": "RECRUITER", "event_date": "2026-01-10"}).status_code == 403


def test_anonymous_is_refused(api):
    assert api.get(RESIDENTS).status_code in (401, 403)


def test_an_early_warning_is_filed_through_the_api(village_api, village_officer):
    resident = make_worker(SUKADANA)

    response = village_api.post(WARNINGS, {
        "kind": "LEAVING", "event_date": "2026-01-10", "registration_number": resident.registration_number,
        "recruiter_name": "Pak Calo", "recruiter_phone": "0813 9990 0002", "destination_country": "my",
        "offered": "Kerja di kebun, tanpa biaya",
    }, format="json")  # fmt: skip

    assert response.status_code == 201, response.json()
    warning = EarlyWarning.objects.get(pk=response.json()["id"])
    assert (warning.worker, warning.village_id, warning.channel) == (resident, SUKADANA, "API")
    assert (warning.recruiter_phone, warning.destination_country_id) == ("081399900002", "MY")
    assert response.json()["status"] == "RECEIVED"


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "RECRUITER", "event_date": "2026-01-10", "recruiter_phone": "abc"},
        {"kind": "RECRUITER", "event_date": "2026-01-10", "recruiter_name": "X", "village_code": NEIGHBOUR},
        {"kind": "LEFT", "event_date": "2026-01-10"},
        {"kind": "RECRUITER", "event_date": "2026-01-10", "recruiter_name": "X", "destination_country": "ZZ"},
    ],
)
def test_an_invalid_early_warning_is_refused_in_the_error_shape(village_api, payload):
    response = village_api.post(WARNINGS, payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not EarlyWarning.objects.exists()


def test_a_resident_of_another_village_cannot_be_named(village_api):
    outsider = make_worker(NEIGHBOUR)

    response = village_api.post(WARNINGS, {"kind": "LEFT", "event_date": "2026-01-10",
                                           "registration_number": outsider.registration_number}, format="json")  # fmt: skip

    assert response.status_code == 400
    assert not EarlyWarning.objects.exists()


def test_the_residents_are_written_as_drf_writes_them(village_api, monkeypatch):
    make_placement(make_worker(SUKADANA, full_name="Rina Sukadana"), destination_country_id="TW")
    make_worker(SUKADANA, full_name="Sari Belum Berangkat")
    ours = village_api.get(RESIDENTS).json()["results"]

    assert ours == drf_rows(monkeypatch, village_api, RESIDENTS)
    assert len(ours) == 2
