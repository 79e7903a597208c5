"""The staff worker API (/api/v1/workers/): scoped by visible_to, NIK masked, every read of a person logged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessAction, AccessLog
from tests.workers.builders import SURABAYA_VILLAGE, make_nik, make_worker, make_workers_in_bulk

LIST_URL = "/api/v1/workers/"
NIK = make_nik()
MASKED = "•" * 12 + NIK[-4:]
LAMPUNG_VILLAGES = ["18.07.01.2001", "18.07.07.2002", "18.01.04.2001", "18.13.02.2008"]


@pytest.fixture
def lampung_worker(db):
    return make_worker()


@pytest.fixture
def jatim_worker(db):
    return make_worker(
        nik=make_nik("35.78.01", "M", serial=7),
        sex="M",
        full_name="Budi Santoso",
        village_code=SURABAYA_VILLAGE,
    )


def worker_urls(worker) -> list[str]:
    return [f"{LIST_URL}{worker.pk}/", f"{LIST_URL}{worker.pk}/export/"]


def test_an_officer_lists_only_the_workers_of_her_province_with_the_nik_masked(
    api, officer_lampung, lampung_worker, jatim_worker
):
    api.force_authenticate(officer_lampung)

    response = api.get(LIST_URL)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["registration_number"] for row in rows] == [lampung_worker.registration_number]
    assert rows[0]["nik"] == MASKED
    assert rows[0]["village_code"] == "18.07.01.2001"
    assert NIK not in response.content.decode()


def test_an_officer_reads_one_worker_with_the_nik_masked_and_the_read_is_logged(
    api, officer_lampung, lampung_worker
):
    api.force_authenticate(officer_lampung)

    response = api.get(f"{LIST_URL}{lampung_worker.pk}/")

    assert response.status_code == 200
    assert response.json()["registration_number"] == lampung_worker.registration_number
    assert response.json()["nik"] == MASKED
    assert response.json()["regency_name"] == "Kabupaten Lampung Timur"
    assert NIK not in response.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.subject_id) == (
        officer_lampung,
        AccessAction.API_READ,
        str(lampung_worker.pk),
    )


def test_an_officer_of_another_province_gets_404_on_the_worker_and_its_export(
    api, officer_jatim, lampung_worker
):
    api.force_authenticate(officer_jatim)

    for url in worker_urls(lampung_worker):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert lampung_worker.full_name not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_an_officer_gets_404_for_a_worker_that_does_not_exist(api, officer_lampung, db):
    api.force_authenticate(officer_lampung)

    assert api.get(f"{LIST_URL}999999/").status_code == 404


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_users_are_refused_every_worker_endpoint(api, request, persona, lampung_worker):
    api.force_authenticate(request.getfixturevalue(persona))

    for url in [LIST_URL, *worker_urls(lampung_worker)]:
        response = api.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "permission_denied"
    assert not AccessLog.objects.exists()


def test_the_api_client_token_is_refused_every_worker_endpoint(token_api, lampung_worker):
    for url in [LIST_URL, *worker_urls(lampung_worker)]:
        response = token_api.get(url)
        assert response.status_code == 403, url
        assert lampung_worker.full_name not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_an_anonymous_caller_is_refused_the_worker_list(api, lampung_worker):
    response = api.get(LIST_URL)

    assert response.status_code in {401, 403}
    assert lampung_worker.full_name not in response.content.decode()


def test_an_officer_exports_the_data_package_and_the_export_is_logged(api, officer_lampung, lampung_worker):
    api.force_authenticate(officer_lampung)

    response = api.get(f"{LIST_URL}{lampung_worker.pk}/export/")

    assert response.status_code == 200
    package = response.json()
    assert set(package) == {"worker", "family_contacts", "documents", "consent_history", "access_trail"}
    assert package["worker"]["registration_number"] == lampung_worker.registration_number
    assert package["worker"]["nik"] == NIK
    assert [c["notice_version"] for c in package["consent_history"]] == ["2026-11"]
    assert [(a["by"], a["action"]) for a in package["access_trail"]] == [("officer.lampung", "EXPORT")]
    entry = AccessLog.objects.get()
    assert (entry.action, entry.subject_type, entry.subject_id) == (
        AccessAction.EXPORT,
        "worker",
        str(lampung_worker.pk),
    )


def test_the_worker_list_costs_the_same_queries_for_10_and_for_1000_workers(
    api, officer_lampung, db, django_assert_num_queries
):
    api.force_authenticate(officer_lampung)
    make_workers_in_bulk(10, village_codes=LAMPUNG_VILLAGES)
    api.get(LIST_URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as ten:
        assert len(api.get(LIST_URL).json()["results"]) == 10

    make_workers_in_bulk(990, village_codes=LAMPUNG_VILLAGES, first_serial=100)

    with django_assert_num_queries(len(ten)):
        response = api.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
