"""The officers' worker register in the admin: scoped rows, masked NIK, logged reads, verify and reject."""

import json
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessAction, AccessLog
from tests.workers.builders import SURABAYA_VILLAGE, make_nik, make_worker, make_workers_in_bulk
from tests.workers.pages import hrefs, text, text_of
from workers.models import Worker, WorkerStatus
from workers.services import document_upsert

NIK = make_nik()  # the default worker's NIK (Lampung Timur, a woman born 17 May 1999)
MASKED = "•" * 12 + NIK[-4:]
LIST_URL = "/admin/workers/worker/"
LAMPUNG_VILLAGES = ["18.07.01.2001", "18.07.07.2002", "18.01.04.2001", "18.13.02.2008"]


def worker_url(worker, action: str = "change") -> str:
    return f"{LIST_URL}{worker.pk}/{action}/"


def access_rows(worker, action):
    return AccessLog.objects.filter(action=action, subject_type="worker", subject_id=str(worker.pk))


def public_status(worker) -> str:
    response = Client().post(
        "/daftar/status/",
        {"registration_number": worker.registration_number, "birth_date": worker.birth_date.isoformat()},
    )
    return text_of(response, "status-result")


@pytest.fixture
def worker(db):
    return make_worker()


@pytest.fixture
def officer(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


@pytest.fixture
def jatim(client, officer_jatim):
    client.force_login(officer_jatim)
    return client


def test_an_officer_sees_workers_of_her_province_with_the_nik_masked(officer, worker):
    response = officer.get(LIST_URL)

    assert response.status_code == 200
    assert worker.registration_number in text(response)
    assert MASKED in text(response)
    assert NIK not in response.content.decode()


def test_the_change_page_shows_the_masked_nik_and_never_the_full_one(officer, worker):
    response = officer.get(worker_url(worker))

    assert response.status_code == 200
    assert MASKED in text(response)
    assert NIK not in response.content.decode()


def test_an_administrator_sees_workers_of_every_province(client, admin_user, worker):
    other = make_worker(
        nik=make_nik("35.78.01", serial=9), village_code=SURABAYA_VILLAGE, full_name="Dewi Lestari"
    )
    client.force_login(admin_user)

    response = client.get(LIST_URL)

    assert worker.registration_number in text(response)
    assert other.registration_number in text(response)


def test_an_officer_of_another_province_does_not_see_the_worker_in_the_list(jatim, worker):
    response = jatim.get(LIST_URL)

    assert response.status_code == 200
    assert worker.registration_number not in text(response)
    assert worker.full_name not in text(response)


@pytest.mark.parametrize("action", ["change", "history"])
def test_an_officer_of_another_province_gets_404_on_the_worker_page(jatim, worker, action):
    response = jatim.get(worker_url(worker, action))

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["change", "history"])
def test_an_officer_of_another_province_is_never_shown_the_worker_page(jatim, worker, action):
    response = jatim.get(worker_url(worker, action), follow=True)

    # Not a redirect to the admin index saying the worker "does not exist" either: the plain 404 page.
    assert (response.status_code, response.redirect_chain) == (404, [])
    assert "Halaman tidak ditemukan" in text(response)
    assert worker.full_name not in text(response)
    assert worker.registration_number not in text(response)
    assert not access_rows(worker, AccessAction.VIEW).exists()


@pytest.mark.parametrize("action", ["verify", "reject", "reveal-nik", "export"])
def test_an_officer_of_another_province_gets_404_on_the_worker_actions(jatim, worker, action):
    assert jatim.get(worker_url(worker, action)).status_code == 404
    assert jatim.post(worker_url(worker, action), {"reason": "x"}).status_code == 404

    worker.refresh_from_db()
    assert worker.status == WorkerStatus.SUBMITTED
    assert not AccessLog.objects.exists()


WORKER_ADMIN_PATHS = ["", "{pk}/change/", "{pk}/history/", "{pk}/verify/", "{pk}/reject/", "{pk}/reveal-nik/",
                      "{pk}/export/", "{pk}/delete/"]  # fmt: skip


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
@pytest.mark.parametrize("path", WORKER_ADMIN_PATHS)
def test_dprd_and_api_client_users_are_kept_out_of_every_worker_admin_page(
    client, worker, request, persona, path
):
    client.force_login(request.getfixturevalue(persona))
    url = LIST_URL + path.format(pk=worker.pk)

    for response in (client.get(url), client.post(url, {"reason": "x"})):
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")
        else:
            assert response.status_code in {403, 404}
        assert worker.full_name not in response.content.decode()
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.SUBMITTED
    assert not AccessLog.objects.exists()


def test_opening_a_worker_writes_exactly_one_view_entry_to_the_access_log(officer, worker, officer_lampung):
    officer.get(worker_url(worker))

    entry = AccessLog.objects.get()
    assert (entry.action, entry.subject_type, entry.subject_id) == (
        AccessAction.VIEW,
        "worker",
        str(worker.pk),
    )
    assert entry.user == officer_lampung


def test_the_list_is_logged_once_not_as_a_read_of_each_person(officer, worker):
    officer.get(LIST_URL)

    assert list(AccessLog.objects.values_list("action", "subject_id")) == [(AccessAction.LIST, "")]


def search_nik(client, nik: str):
    """The officer's exact NIK search: a POST form, so the number never travels in a URL."""
    return client.post(f"{LIST_URL}nik-search/", {"nik": nik}, follow=True)


def test_searching_the_exact_nik_finds_the_worker(officer, worker):
    other = make_worker(nik=make_nik(serial=2), full_name="Dewi Lestari")

    response = search_nik(officer, "1807 0157 0599 0001")

    assert response.status_code == 200
    assert worker.registration_number in text(response)
    assert other.registration_number not in text(response)


def test_a_nik_search_leaves_the_nik_in_no_link_or_address_of_the_result_page(officer, worker):
    response = search_nik(officer, NIK)

    assert worker.registration_number in text(response)
    assert [url for url, _status in response.redirect_chain if NIK in unquote(url)] == []
    assert [link for link in hrefs(response) if NIK in unquote(unquote(link))] == []
    assert NIK not in response.content.decode()


def test_a_nik_typed_into_the_address_bar_search_finds_nothing(officer, worker):
    response = officer.get(LIST_URL, {"q": NIK})

    assert response.status_code == 200
    assert worker.registration_number not in text(response)


def test_a_nik_search_answers_with_its_results_and_leaves_no_address_to_replay(officer, worker):
    response = search_nik(officer, NIK)

    assert response.status_code == 200 and response.redirect_chain == []
    assert worker.registration_number in text(response)
    assert officer.get(f"{LIST_URL}nik-search/").status_code == 405
    entry = AccessLog.objects.get()
    assert (entry.action, entry.detail["search"], entry.detail["rows"]) == (AccessAction.LIST, "nik", 1)
    assert NIK not in str(entry.detail)


def test_a_nik_search_finds_nobody_outside_the_officers_regions(officer_jatim, worker):
    client = Client()
    client.force_login(officer_jatim)

    response = search_nik(client, NIK)

    assert worker.registration_number not in text(response)
    assert "Tidak ada pendaftaran di wilayah Anda dengan NIK ini." in text(response)


def test_a_malformed_nik_search_says_what_is_wrong(officer, worker):
    response = search_nik(officer, "12345")

    assert "NIK terdiri dari tepat 16 angka." in text(response)


def test_searching_by_name_finds_the_worker(officer, worker):
    other = make_worker(nik=make_nik(serial=2), full_name="Dewi Lestari")

    response = officer.get(LIST_URL, {"q": "wahyuni"})

    assert worker.registration_number in text(response)
    assert other.registration_number not in text(response)


def test_searching_by_registration_number_finds_the_worker(officer, worker):
    response = officer.get(LIST_URL, {"q": worker.registration_number.lower()})

    assert worker.registration_number in text(response)


def test_searching_a_nik_of_another_province_finds_nothing(jatim, worker):
    response = search_nik(jatim, NIK)

    assert response.status_code == 200
    assert worker.registration_number not in text(response)


def test_verifying_sets_the_status_and_the_public_status_page_says_verified(officer, worker, officer_lampung):
    response = officer.post(worker_url(worker, "verify"))

    assert response.status_code == 302
    assert response["Location"] == worker_url(worker)
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.VERIFIED
    assert worker.verified_by == officer_lampung
    assert "Status: Terverifikasi" in public_status(worker)


def test_the_verify_link_asks_for_confirmation_before_changing_anything(officer, worker):
    response = officer.get(worker_url(worker, "verify"))

    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.SUBMITTED


def test_verifying_twice_shows_a_message_instead_of_failing(officer, worker):
    officer.post(worker_url(worker, "verify"))

    response = officer.post(worker_url(worker, "verify"), follow=True)

    assert response.status_code == 200
    assert "Pendaftaran ini sudah diverifikasi." in text(response)


def test_rejecting_without_a_reason_shows_the_form_error_and_keeps_the_status(officer, worker):
    response = officer.post(worker_url(worker, "reject"), {"reason": "  "})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.SUBMITTED
    assert worker.rejection_reason == ""


def test_rejecting_with_a_reason_sets_rejected_and_the_applicant_reads_the_reason(officer, worker):
    reason = "Fotokopi KTP tidak terbaca; mohon daftar ulang."

    response = officer.post(worker_url(worker, "reject"), {"reason": reason})

    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.status, worker.rejection_reason) == (WorkerStatus.REJECTED, reason)
    assert reason in public_status(worker)


def test_asking_to_reveal_the_nik_only_shows_a_confirmation(officer, worker):
    response = officer.get(worker_url(worker, "reveal-nik"))

    assert response.status_code == 200
    assert NIK not in response.content.decode()
    assert not access_rows(worker, AccessAction.REVEAL).exists()


def test_revealing_the_nik_shows_it_once_and_records_who_saw_it(officer, worker, officer_lampung):
    response = officer.post(worker_url(worker, "reveal-nik"))

    assert response.status_code == 200
    assert text_of(response, "full-nik") == NIK
    assert "no-store" in response["Cache-Control"]
    entry = access_rows(worker, AccessAction.REVEAL).get()
    assert entry.user == officer_lampung
    assert NIK not in json.dumps(entry.detail)


def test_the_data_package_holds_the_record_documents_consents_and_access_trail(officer, worker):
    document_upsert(worker=worker, doc_type="PASSPORT", number="C4921735", issuer="Kanim Metro")
    officer.get(worker_url(worker))

    response = officer.get(worker_url(worker, "export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    assert worker.registration_number in response["Content-Disposition"]
    package = json.loads(response.content)
    assert package["worker"]["registration_number"] == worker.registration_number
    assert package["worker"]["nik"] == NIK
    assert [(d["type"], d["number_last4"]) for d in package["documents"]] == [("PASSPORT", "1735")]
    assert [(c["granted"], c["notice_version"]) for c in package["consent_history"]] == [(True, "2026-11")]
    assert [(a["by"], a["action"]) for a in package["access_trail"]] == [
        ("officer.lampung", "EXPORT"),
        ("officer.lampung", "VIEW"),
    ]
    assert access_rows(worker, AccessAction.EXPORT).count() == 1


def test_an_officer_cannot_add_or_delete_workers_in_the_admin(officer, worker):
    assert officer.get(f"{LIST_URL}add/").status_code == 403
    assert officer.post(worker_url(worker, "delete"), {"post": "yes"}).status_code == 403
    assert Worker.objects.filter(pk=worker.pk).exists()


def test_the_worker_list_costs_the_same_queries_for_10_and_for_1000_workers(
    officer, db, django_assert_num_queries
):
    make_workers_in_bulk(10, village_codes=LAMPUNG_VILLAGES)
    make_workers_in_bulk(5, village_codes=[SURABAYA_VILLAGE], first_serial=5000)
    officer.get(LIST_URL)  # warm the per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as ten:
        assert text(officer.get(LIST_URL)).count(MASKED[:12]) == 10

    make_workers_in_bulk(990, village_codes=LAMPUNG_VILLAGES, first_serial=100)

    with django_assert_num_queries(len(ten)):
        response = officer.get(LIST_URL)
    assert response.status_code == 200
    assert text(response).count(MASKED[:12]) == 50  # a full page
