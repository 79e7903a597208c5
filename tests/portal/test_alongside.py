"""The access-log row of a staff API list written by the statement that reads the page (portal/alongside.py,
for P6): one round trip fewer, the same rows, and the row written once whatever happens."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import AccessAction, AccessLog
from placements.models import Placement
from portal import row_statements
from portal.alongside import Alongside, insert_alongside
from portal.api_rows import row_keys
from portal.row_statements import rows_of
from tests.placements.builders import make_placement

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/workers/", "/api/v1/placements/", "/api/v1/flags/", "/api/v1/complaints/"]


def _entry(cap: int) -> Alongside:
    log = AccessLog(
        action=AccessAction.LIST, subject_type="worker", purpose="test", detail={"kind": "x", "rows": 0}
    )
    return Alongside(log, Placement, "detail", "rows", cap=cap)


def _logs() -> list[AccessLog]:
    return list(AccessLog.objects.filter(purpose="test").order_by("id"))


@pytest.mark.parametrize("cap", [50, 2])
def test_the_page_statement_writes_the_row_with_the_number_it_read(placements, cap):
    queryset, keys = placements
    alongside = _entry(cap)
    with CaptureQueriesContext(connection) as ctx, insert_alongside(alongside):
        rows = list(rows_of(queryset, keys)[:3])
    assert rows == list(queryset.values(*keys)[:3])  # the same rows, in the same order
    assert len(ctx.captured_queries) == 1 and alongside.written
    [log] = _logs()
    assert log.detail == {"kind": "x", "rows": min(3, cap)}  # capped: the paginator reads one row more


def test_the_rows_keep_the_page_statements_order_in_every_shape(placements):
    queryset, keys = placements
    ids = sorted(queryset.values_list("id", flat=True))
    shapes = [
        lambda qs: qs,
        lambda qs: qs.filter(id__lt=ids[-1])[:3],
        lambda qs: qs.order_by("id")[1:4],
        lambda qs: qs.order_by("-worker__registration_number", "id"),
        lambda qs: qs.filter(phase="nonexistent"),
    ]
    for shape in shapes:
        alongside = _entry(50)
        with insert_alongside(alongside):
            assert list(shape(rows_of(queryset, keys))) == list(shape(queryset.values(*keys)))
        assert alongside.written
    assert [log.detail["rows"] for log in _logs()] == [6, 3, 3, 6, 0]


def test_only_the_first_statement_of_the_model_takes_the_row(placements):
    queryset, keys = placements
    alongside = _entry(50)
    with insert_alongside(alongside):
        first = list(rows_of(queryset, keys)[:2])
        list(rows_of(queryset, keys)[:4])
    assert len(first) == 2 and [log.detail["rows"] for log in _logs()] == [2]


def test_a_statement_of_another_model_or_outside_the_block_takes_nothing(placements, admin_user):
    from workers.api import WorkerListSerializer
    from workers.selectors import worker_list

    queryset, keys = placements
    workers = worker_list(user=admin_user)
    alongside = _entry(50)
    with insert_alongside(alongside):
        list(rows_of(workers, row_keys(WorkerListSerializer, workers)))
    list(rows_of(queryset, keys))
    assert not alongside.written and _logs() == []


def test_a_statement_that_fails_writes_no_row(placements, monkeypatch):
    queryset, keys = placements
    sql_of = row_statements.with_insert

    def broken(sql, params, alongside, connection):
        statement, values = sql_of(sql, params, alongside, connection)
        return statement.replace('SELECT * FROM "_page"', 'SELECT * FROM "_page" WHERE 1 / 0 = 1'), values

    monkeypatch.setattr(row_statements, "with_insert", broken)
    alongside = _entry(50)
    with pytest.raises(DatabaseError), transaction.atomic(), insert_alongside(alongside):
        list(rows_of(queryset, keys))
    assert not alongside.written and _logs() == []


@pytest.mark.parametrize("url", LISTS)
def test_a_list_request_reads_and_logs_in_one_statement(url, admin_user):
    make_placement(external_id="ALONG-API")
    client = APIClient()
    client.force_authenticate(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    rows = len(response.json()["results"])
    inserts = [q["sql"] for q in ctx.captured_queries if "accounts_accesslog" in q["sql"]]
    assert len(inserts) == 1 and inserts[0].startswith('WITH "_page"'), inserts  # not a statement of its own
    [log] = AccessLog.objects.filter(action=AccessAction.LIST)
    assert log.detail["rows"] == rows and log.username == admin_user.username


def test_a_list_no_statement_takes_is_logged_after_the_page(admin_user, monkeypatch):
    # A shape read by values() (its select list takes parameters of its own) has no row statement.
    monkeypatch.setattr(row_statements, "pending", lambda model, connection: None)
    make_placement(external_id="ALONG-AFTER")
    client = APIClient()
    client.force_authenticate(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/placements/?page_size=1")
    assert response.status_code == 200
    assert any(q["sql"].startswith('INSERT INTO "accounts_accesslog"') for q in ctx.captured_queries)
    [log] = AccessLog.objects.filter(action=AccessAction.LIST)
    assert log.detail["rows"] == 1


def test_an_empty_list_is_logged_once_with_no_rows(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    assert client.get("/api/v1/placements/").json()["results"] == []
    assert [log.detail["rows"] for log in AccessLog.objects.filter(action=AccessAction.LIST)] == [0]
