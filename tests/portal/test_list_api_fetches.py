"""The staff list APIs fetch only what their serializers return (issue 16, P6): no related table in
full, no encrypted or unrendered column, and the keyset (cursor) pagination still pages by id."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.placements.builders import make_placement

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def selected_columns(user, url: str, table: str) -> tuple[dict, str]:
    """The response, and the SELECT list of the one query that reads the page from `table`."""
    with CaptureQueriesContext(connection) as ctx:
        response = api_as(user).get(url)
    assert response.status_code == 200
    pages = [q["sql"] for q in ctx.captured_queries if re.search(rf'FROM "{table}"', q["sql"])]
    pages = [sql for sql in pages if "LIMIT" in sql and "COUNT(" not in sql]
    assert len(pages) == 1, pages
    return response.json(), pages[0].split(f' FROM "{table}"')[0]


def test_the_placement_list_api_fetches_two_worker_columns_and_no_other_table(officer_lampung):
    placement = make_placement(external_id="LTIM-FETCH-1")
    body, columns = selected_columns(officer_lampung, "/api/v1/placements/", "placements_placement")

    row = body["results"][0]
    assert row["external_id"] == "LTIM-FETCH-1"
    assert row["worker_registration_number"] == placement.worker.registration_number
    assert row["village_code"] == placement.worker.domicile_village_id
    for unused in ('"placements_agency"', '"placements_joborder"', '"full_name"', '"nik_encrypted"',
                   '"recruiter_name"', '"exit_point"', '"phone"'):  # fmt: skip
        assert unused not in columns, unused


def test_the_worker_list_api_fetches_no_encrypted_or_unrendered_column(officer_lampung):
    placement = make_placement(external_id="LTIM-FETCH-2")
    body, columns = selected_columns(officer_lampung, "/api/v1/workers/", "workers_worker")

    row = body["results"][0]
    assert row["registration_number"] == placement.worker.registration_number
    assert row["nik"].endswith(placement.worker.nik_last4)
    assert row["village_name"] and row["regency_name"]
    for unused in ('"nik_encrypted"', '"phone"', '"address"', '"email"', '"rejection_reason"',
                   '"regions_district"."name"'):  # fmt: skip
        assert unused not in columns, unused
    assert '"regions_regency"."name"' in columns
