"""Focused checks behind the schemathesis run (test_api_schema.py): what the schema promises, the API does."""

import re

import pytest
from django.core.cache import cache

from portal.schema import NO_CONTROL_CHARACTERS, SEARCH_TEXT

ERROR_CODES = ("400", "401", "403", "404", "429")


@pytest.fixture
def openapi(db, api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()


def operations(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_errors_in_the_one_error_shape(openapi):
    missing = [
        (name, code)
        for name, operation in operations(openapi)
        for code in ERROR_CODES
        if operation["responses"].get(code, {}).get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": "#/components/schemas/Error"}
    ]

    assert len(list(operations(openapi))) >= 19
    assert missing == []
    error = openapi["components"]["schemas"]["Error"]
    detail = openapi["components"]["schemas"][error["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    assert set(detail["properties"]) == {"code", "message", "fields"}


def test_the_csv_export_and_the_creations_are_documented_as_they_answer(openapi):
    paths = openapi["paths"]
    export = paths["/api/v1/stats/{code}/villages/"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in export
    assert export["text/csv"]["schema"] == {"type": "string"}
    for path in ("/api/v1/registrations/", "/api/v1/complaints/"):
        assert "201" in paths[path]["post"]["responses"]


def test_an_unknown_api_address_answers_in_the_error_shape_not_an_html_page(db, api):
    response = api.get("/api/v1/workers/not-a-number/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


def test_pages_outside_the_api_keep_their_html_404(db, client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_says_text_carries_no_control_characters(openapi):
    registration = openapi["components"]["schemas"]["RegistrationRequest"]["properties"]

    assert registration["full_name"]["pattern"] == NO_CONTROL_CHARACTERS
    assert re.search(NO_CONTROL_CHARACTERS, "Siti\tAminah")
    assert not re.search(NO_CONTROL_CHARACTERS, "Siti\x00Aminah")


@pytest.mark.parametrize("query", ["ab", " ab ", "a b"])
def test_an_agency_search_the_schema_allows_is_answered(db, api, query):
    cache.clear()
    assert re.search(SEARCH_TEXT, query)

    response = api.get("/api/v1/agencies/", {"q": query})

    assert response.status_code == 200


def test_an_empty_agency_search_lists_the_register(db, api):
    cache.clear()

    response = api.get("/api/v1/agencies/", {"q": ""})

    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize("query", ["a", "  a  ", "  ", "a\x01"])
def test_an_agency_search_the_schema_refuses_is_refused(db, api, query):
    cache.clear()
    assert not re.search(SEARCH_TEXT, query)

    response = api.get("/api/v1/agencies/", {"q": query})

    assert response.status_code == 400


def test_the_region_parameter_is_described_by_its_real_pattern(openapi):
    parameters = openapi["paths"]["/api/v1/regions/"]["get"]["parameters"]
    pattern = next(p["schema"]["pattern"] for p in parameters if p["name"] == "parent")

    assert re.search(pattern, "18.07.01.2001")
    assert not re.search(pattern, "KK")


def test_an_error_on_the_csv_export_answers_in_the_json_error_shape(db, api, api_token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token}")

    response = api.get("/api/v1/stats/35/villages/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code in (403, 404)
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize("query", [{"status": "AAA"}, {"severity": "Z"}])
def test_an_unknown_flag_filter_is_refused_not_read_as_no_flags(db, api, admin_user, query):
    api.force_authenticate(admin_user)

    response = api.get("/api/v1/flags/", query)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == list(query)


@pytest.mark.parametrize("size", ["null", "0", "-3", "501", "٣"])
def test_a_page_size_outside_the_schema_is_refused(db, api, admin_user, size):
    api.force_authenticate(admin_user)

    response = api.get("/api/v1/workers/", {"page_size": size})

    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["fields"]


def test_a_page_size_inside_the_schema_is_used(db, api, admin_user, openapi):
    api.force_authenticate(admin_user)
    parameters = openapi["paths"]["/api/v1/workers/"]["get"]["parameters"]
    size = next(p["schema"] for p in parameters if p["name"] == "page_size")

    response = api.get("/api/v1/workers/", {"page_size": "500"})

    assert size == {"type": "integer", "minimum": 1, "maximum": 500}
    assert response.status_code == 200


def test_the_region_code_pattern_anchors_both_of_its_forms(openapi):
    parameters = openapi["paths"]["/api/v1/stats/{code}/"]["get"]["parameters"]
    pattern = next(p["schema"]["pattern"] for p in parameters if p["name"] == "code")

    assert re.search(pattern, "indonesia") and re.search(pattern, "18.07")
    assert not re.search(pattern, "indonesia\x16x") and not re.search(pattern, "xyz18")


def test_a_dashboard_never_refreshed_is_described_as_such(openapi):
    stats = openapi["paths"]["/api/v1/stats/{code}/"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    component = openapi["components"]["schemas"][stats["schema"]["$ref"].rsplit("/", 1)[1]]

    assert component["properties"]["refreshed_at"].get("nullable") is True
