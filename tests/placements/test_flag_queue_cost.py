"""The flag review queue at scale (issue 16, P5b): an index serves its order, the agency filter lists
agencies without scanning open flags, and the page count is neither sorted nor complete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.admin_flags import FlagAdmin
from placements.models import Flag
from tests.rules.builders import evaluate, make_placement

pytestmark = pytest.mark.django_db

QUEUE = "/admin/placements/flag/"


@pytest.fixture
def tourist():
    placement = make_placement(visa_type="TOURIST")
    evaluate(placement, rules=["NP-VISA"])
    return placement


def queue_sql(client, user) -> tuple[str, list[str]]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(QUEUE)
    assert response.status_code == 200
    flag_queries = [q["sql"] for q in ctx.captured_queries if '"placements_flag"' in q["sql"]]
    return response.content.decode(), flag_queries


def test_the_queue_lists_the_open_flag_and_offers_its_agency(client, admin_user, tourist):
    content, _ = queue_sql(client, admin_user)
    assert tourist.external_id in content
    assert tourist.agency.name in content  # the row and the agency filter


def test_the_agency_filter_does_not_scan_the_flags(client, admin_user, tourist):
    _, flag_queries = queue_sql(client, admin_user)
    assert not [sql for sql in flag_queries if "DISTINCT" in sql.upper()]


def test_the_page_count_is_capped_and_unsorted(client, admin_user, tourist):
    _, flag_queries = queue_sql(client, admin_user)
    counts = [sql for sql in flag_queries if "COUNT(" in sql.upper()]
    assert counts
    for sql in counts:
        assert "LIMIT" in sql.upper() and "ORDER BY" not in sql.upper(), sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_an_index_serves_the_queue_order_without_a_sort(rf, admin_user, tourist):
    request = rf.get(QUEUE)
    request.user = admin_user
    from django.contrib.admin import site

    queryset = FlagAdmin(Flag, site).get_queryset(request).filter(status="OPEN")[:50]
    with connection.cursor() as cursor:
        # A handful of test rows: tell the planner to avoid what it would pick for a tiny table, so the
        # plan shows whether an index can deliver the order at all.
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off"
        )
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "flag_open_queue" in plan, plan
    assert "Sort" not in plan, plan
