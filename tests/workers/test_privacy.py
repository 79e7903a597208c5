"""UU 27/2022 and domain.md §4: the NIK and passport numbers never sit in clear in a table, a log or a URL."""

import logging

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal import crypto
from tests.workers.builders import api_registration_data, make_nik, registration_data
from workers.models import Document, Worker
from workers.services import document_upsert, worker_verify

FORM_NIK = make_nik(serial=1)
API_NIK = make_nik("35.78.01", "M", serial=2)
PASSPORT = "C4921735"
TABLES = [
    "workers_worker",
    "workers_document",
    "workers_familycontact",
    "workers_consentevent",
    "accounts_accesslog",
]


def register_verify_and_read(client, api, officer) -> list:
    """The whole flow a NIK goes through; returns every response, redirects included."""
    responses = [client.post("/daftar/", registration_data(nik=FORM_NIK))]
    responses.append(client.get(responses[0]["Location"]))
    responses.append(
        api.post(
            "/api/v1/registrations/",
            api_registration_data(
                nik=API_NIK, sex="M", full_name="Budi Santoso", village_code="35.78.01.1001"
            ),
            format="json",
        )
    )
    worker = Worker.objects.get(nik_last4=FORM_NIK[-4:])
    worker_verify(worker=worker, officer=officer)
    document_upsert(worker=worker, doc_type="PASSPORT", number=PASSPORT, issuer="Kanim Metro")
    staff = Client()
    staff.force_login(officer)
    responses.append(staff.get(f"/admin/workers/worker/{worker.pk}/change/"))
    responses.append(staff.post(f"/admin/workers/worker/{worker.pk}/verify/"))
    responses.append(staff.get(f"/admin/workers/worker/{worker.pk}/export/"))
    return responses


def raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchall()


@pytest.fixture
def flow(client, api, admin_user, caplog):
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        responses = register_verify_and_read(client, api, admin_user)
    return responses, queries, list(caplog.records)


@pytest.mark.parametrize("table", TABLES)
def test_no_table_holds_a_nik_or_passport_number_in_clear(flow, table):
    rows = raw_rows(table)

    assert rows, f"the flow wrote nothing to {table}"
    values = [str(value) for row in rows for value in row]
    assert [v for v in values if FORM_NIK in v or API_NIK in v or PASSPORT in v] == []


def test_the_flow_stores_both_people_and_the_passport_in_a_form_only_the_key_opens(flow):
    niks = {crypto.decrypt(token) for token in Worker.objects.values_list("nik_encrypted", flat=True)}
    passport = Document.objects.get()

    assert niks == {FORM_NIK, API_NIK}
    assert crypto.decrypt(passport.number_encrypted) == PASSPORT
    assert passport.number_masked == "••••1735"


def test_no_nik_or_passport_number_is_ever_sent_to_the_database(flow):
    _responses, queries, _caplog = flow

    assert len(queries) > 10
    sent = [q["sql"] for q in queries.captured_queries]
    assert [sql for sql in sent if FORM_NIK in sql or API_NIK in sql or PASSPORT in sql] == []


def test_no_log_line_contains_a_nik_or_passport_number(flow):
    _responses, _queries, records = flow

    messages = [record.getMessage() for record in records]
    assert any("worker registered" in message for message in messages), "the log capture is not working"
    leaked = [m for m in messages if FORM_NIK in m or API_NIK in m or PASSPORT in m]
    assert leaked == []


def test_no_url_of_the_flow_contains_a_nik(flow):
    responses, _queries, _records = flow

    urls = [r.request["PATH_INFO"] + "?" + r.request.get("QUERY_STRING", "") for r in responses]
    urls += [r["Location"] for r in responses if r.has_header("Location")]
    assert any(r.has_header("Location") for r in responses)
    assert [url for url in urls if FORM_NIK in url or API_NIK in url] == []


def test_the_pages_of_the_public_flow_do_not_echo_the_nik(flow):
    responses, _queries, _records = flow
    done_page = responses[1]

    assert done_page.status_code == 200
    assert FORM_NIK not in done_page.content.decode()
    assert API_NIK not in responses[2].content.decode()
