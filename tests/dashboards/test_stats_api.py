"""The stats API: region aggregates for API clients (token) and DPRD users (session), scoped to their
regions, suppressed like the pages, throttled, and written to the access log."""

import csv
import io

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import AccessAction, AccessLog
from dashboards.services import summary_refresh
from regions.models import Village
from tests.dashboards.builders import (
    LABUHAN_MARINGGAI,
    LAMPUNG_SELATAN,
    PASAR_SUKADANA,
    SUKADANA,
    D,
    at,
    make_complaint,
    make_placements,
)

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2026-01", "to": "2026-06"}
FLAGGED = ("NP-AGENCY-UNLICENSED",)


@pytest.fixture
def lampung_timur(regions):
    """Three flagged placements in Sukadana (a hidden count), six in Pakuan Aji, seven procedural and five
    complaints in Labuhan Maringgai; five flagged placements in Lampung Selatan, outside the client's scope."""
    make_placements(SUKADANA, 3, flags=FLAGGED)
    make_placements(PASAR_SUKADANA, 6, flags=FLAGGED)
    make_placements(LABUHAN_MARINGGAI, 7)
    for _ in range(5):
        make_complaint(LABUHAN_MARINGGAI, received=at(D(2026, 4, 2)))
    make_placements(LAMPUNG_SELATAN, 5, flags=FLAGGED)
    summary_refresh()


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def stats_reads() -> int:
    return AccessLog.objects.filter(action=AccessAction.STATS_READ).count()


def test_the_api_client_reads_its_regency_with_its_name_and_numbers(token_api, lampung_timur):
    response = token_api.get("/api/v1/stats/18.07/", PERIOD)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "18.07"
    assert body["name"] == "Kabupaten Lampung Timur"
    assert body["period"] == {"from": "2026-01", "to": "2026-06"}
    assert body["figures"]["placements"] == 16
    assert body["figures"]["flagged"] == 9
    assert body["figures"]["procedural"] == 7
    assert body["figures"]["complaints"] == 5
    assert {area["code"] for area in body["areas"]} >= {"18.07.01", "18.07.02"}
    assert all(area["code"].startswith("18.07.") for area in body["areas"])


def test_the_list_of_regions_names_only_the_clients_regency(token_api, regions):
    response = token_api.get("/api/v1/stats/")

    assert response.status_code == 200
    assert response.json() == {"regions": [{"code": "18.07", "name": "Kabupaten Lampung Timur"}]}


@pytest.mark.parametrize("code", ["18.01", "35.78", "indonesia"])
def test_the_api_client_gets_403_outside_its_regency(token_api, regions, code):
    before = stats_reads()

    response = token_api.get(f"/api/v1/stats/{code}/")

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert error_of(response)["fields"] == {}
    assert stats_reads() == before


@pytest.mark.parametrize("path", ["/api/v1/stats/", "/api/v1/stats/18.07/", "/api/v1/stats/18.07/villages/"])
def test_without_a_token_the_stats_are_refused(api, regions, path):
    response = api.get(path)

    assert response.status_code in {401, 403}
    assert error_of(response)["code"] == "not_authenticated"


def test_a_wrong_token_is_refused(regions, api_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token}x")

    response = client.get("/api/v1/stats/18.07/")

    assert response.status_code in {401, 403}
    assert error_of(response)["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stats/",
        "/api/v1/stats/18.07/",
        "/api/v1/stats/18.07.01/",
        "/api/v1/stats/18.07/outreach-priorities/",
        "/api/v1/stats/18.07/villages/",
        "/api/v1/stats/18.07/villages/?format=csv",
    ],
)
def test_each_call_writes_one_stats_read_to_the_access_log(token_api, api_client_user, regions, path):
    before = AccessLog.objects.count()

    response = token_api.get(path)

    assert response.status_code == 200
    assert AccessLog.objects.count() == before + 1
    entry = AccessLog.objects.latest("id")
    assert entry.action == AccessAction.STATS_READ
    assert entry.user == api_client_user
    assert entry.subject_type == "region"


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"from": "2026-13"}, {"from"}),
        ({"to": "juni"}, {"to"}),
        ({"from": "2026/01", "to": "2026-6-1"}, {"from", "to"}),
    ],
)
def test_a_month_that_is_not_year_month_gets_400_naming_the_parameter(token_api, regions, query, fields):
    before = stats_reads()

    response = token_api.get("/api/v1/stats/18.07/", query)

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields
    assert "2026-01" in error["fields"][sorted(fields)[0]][0]  # the message shows the expected form
    assert stats_reads() == before


def test_a_period_that_ends_before_it_starts_gets_400(token_api, regions):
    response = token_api.get("/api/v1/stats/18.07/", {"from": "2026-06", "to": "2026-01"})

    assert response.status_code == 400
    assert error_of(response)["fields"]  # keyed "__all__": see the report (not "from"/"to")


def test_the_village_export_lists_every_village_of_the_clients_regency_with_small_counts_hidden(
    token_api, lampung_timur
):
    response = token_api.get("/api/v1/stats/18.07/villages/", PERIOD)

    assert response.status_code == 200
    villages = {row["village_code"]: row for row in response.json()["villages"]}
    # Every village of the regency, zeros included: a list of only the villages with cases would show
    # which hidden cells are zero.
    assert set(villages) == set(
        Village.objects.filter(code__startswith="18.07.").values_list("code", flat=True)
    )
    assert villages[SUKADANA]["flagged_placements"] == "<5"
    assert villages[PASAR_SUKADANA]["flagged_placements"] == "x"  # the complement (6), as on the pages
    assert villages[LABUHAN_MARINGGAI]["procedural_placements"] == 7
    assert villages[LABUHAN_MARINGGAI]["complaints"] == 5


def test_the_village_export_as_csv_has_a_header_and_the_same_rows(token_api, lampung_timur):
    response = token_api.get("/api/v1/stats/18.07/villages/", {**PERIOD, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # spreadsheet programs then read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:2] == ["village_code", "village_name"]
    assert {"flagged_placements", "procedural_placements", "complaints"} <= set(header)
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert {SUKADANA, PASAR_SUKADANA, LABUHAN_MARINGGAI} <= set(by_code)
    assert all(code.startswith("18.07.") for code in by_code)
    assert by_code[SUKADANA]["flagged_placements"] == "<5"
    assert by_code[SUKADANA]["village_name"] == "Sukadana"
    assert by_code[PASAR_SUKADANA]["flagged_placements"] == "x"


def test_outreach_priorities_rank_the_clients_villages_without_publishing_the_score(token_api, lampung_timur):
    response = token_api.get("/api/v1/stats/18.07/outreach-priorities/", PERIOD)

    assert response.status_code == 200
    villages = response.json()["villages"]
    assert [v["rank"] for v in villages] == list(range(1, len(villages) + 1))
    assert {v["village_code"] for v in villages} == {SUKADANA, PASAR_SUKADANA, LABUHAN_MARINGGAI}
    by_code = {v["village_code"]: v for v in villages}
    assert by_code[SUKADANA]["flagged_placements"] == "<5"
    assert by_code[PASAR_SUKADANA]["flagged_placements"] == "x"
    assert by_code[PASAR_SUKADANA]["district_name"] == "Sukadana"
    assert by_code[SUKADANA]["last_outreach"] is None
    assert all("score" not in v for v in villages)


def test_a_hidden_village_count_cannot_be_worked_out_from_the_district_total(token_api, lampung_timur):
    region = token_api.get("/api/v1/stats/18.07/", PERIOD).json()
    villages = token_api.get("/api/v1/stats/18.07/villages/", PERIOD).json()["villages"]
    district_total = next(a for a in region["areas"] if a["code"] == "18.07.01")["figures"]["flagged"]
    in_district = [v["flagged_placements"] for v in villages if v["village_code"].startswith("18.07.01.")]
    hidden = [v for v in in_district if v in ("<5", "x")]

    # Published: Sukadana district 9 flagged; its villages Pakuan Aji "x" and Sukadana "<5", no other.
    derivable = isinstance(district_total, int) and len(hidden) == 1
    assert not derivable, (
        f"{district_total} - {sum(v for v in in_district if isinstance(v, int))} reveals the hidden cell"
    )


def test_the_fourth_call_within_the_stats_rate_gets_429(token_api, regions, monkeypatch):
    # DRF copies the rates into the throttle class when it is defined, so patch the class.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"stats": "3/min"})

    responses = [token_api.get("/api/v1/stats/18.07/") for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert error_of(responses[-1])["code"] == "throttled"
    assert "Retry-After" in responses[-1].headers


def test_the_dprd_user_reads_the_api_with_the_session_of_the_pages(dprd_lampungtimur, lampung_timur):
    client = APIClient()
    client.force_login(dprd_lampungtimur)

    own = client.get("/api/v1/stats/18.07/", PERIOD)
    other = client.get("/api/v1/stats/18.01/", PERIOD)

    assert own.status_code == 200
    assert own.json()["figures"]["flagged"] == 9
    assert other.status_code == 403
    assert AccessLog.objects.filter(user=dprd_lampungtimur, action=AccessAction.STATS_READ).count() == 1


def test_an_officer_of_jawa_timur_gets_403_for_lampung_timur(officer_jatim, regions):
    client = APIClient()
    client.force_login(officer_jatim)

    response = client.get("/api/v1/stats/18.07/")

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert client.get("/api/v1/stats/35.78/").status_code == 200


def test_the_stats_endpoints_are_in_the_schema(api, regions):
    response = api.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    operations = {
        path: operation["get"]["operationId"] for path, operation in paths.items() if "stats" in path
    }
    assert operations == {
        "/api/v1/stats/": "stats_regions",
        "/api/v1/stats/{code}/": "stats_region",
        "/api/v1/stats/{code}/outreach-priorities/": "stats_outreach_priorities",
        "/api/v1/stats/{code}/villages/": "stats_village_counts",
    }
    parameters = {p["name"] for p in paths["/api/v1/stats/{code}/"]["get"]["parameters"]}
    assert {"code", "from", "to"} <= parameters
