"""Who sees a placement: officers within their office's regions, in the admin and the API alike; DPRD
viewers and API clients never (architecture.md, access model). Lists cost the same for 10 or 1,000 rows."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import AccessAction, AccessLog
from placements.models import Placement
from portal import crypto
from tests.placements.builders import (
    SURABAYA_VILLAGE,
    D,
    make_agency,
    make_job_order,
    make_nik,
    make_placement,
    make_worker,
)
from tests.placements.pages import text, texts_of_class

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/placements/placement/"
API_LIST = "/api/v1/placements/"
IMPORT_URL = "/admin/placements/placement/import/"


def change_url(placement) -> str:
    return f"{LIST_URL}{placement.pk}/change/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def lampung_placement():
    return make_placement(external_id="LTIM-ACCESS-1")


@pytest.fixture
def jatim_placement():
    return make_placement(make_worker(village_code=SURABAYA_VILLAGE), external_id="JATIM-ACCESS-1")


# --- officers of another province ---------------------------------------------------------------


def test_an_officer_of_another_province_gets_404_on_the_placement_change_page(
    client, officer_jatim, lampung_placement
):
    client.force_login(officer_jatim)

    assert client.get(change_url(lampung_placement)).status_code == 404


def test_an_officer_of_another_province_is_never_shown_the_placement_page(
    client, officer_jatim, lampung_placement
):
    client.force_login(officer_jatim)

    response = client.get(change_url(lampung_placement), follow=True)

    # Not a redirect to the admin index saying the placement "does not exist" either: the plain 404 page.
    assert (response.status_code, response.redirect_chain) == (404, [])
    assert "Halaman tidak ditemukan" in text(response)
    assert "LTIM-ACCESS-1" not in text(response)
    assert lampung_placement.worker.full_name not in text(response)


def test_an_officer_of_another_province_gets_404_on_the_placement_in_the_api(
    officer_jatim, lampung_placement
):
    response = api_as(officer_jatim).get(f"{API_LIST}{lampung_placement.pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not AccessLog.objects.filter(subject_id=str(lampung_placement.worker_id)).exists()


def test_an_officer_of_another_province_does_not_see_the_placement_in_the_admin_list(
    client, officer_jatim, lampung_placement, jatim_placement
):
    client.force_login(officer_jatim)

    page = text(client.get(LIST_URL))

    assert "JATIM-ACCESS-1" in page
    assert "LTIM-ACCESS-1" not in page


def test_an_officer_of_another_province_does_not_see_the_placement_in_the_api_list(
    officer_jatim, lampung_placement, jatim_placement
):
    response = api_as(officer_jatim).get(API_LIST)

    assert [p["external_id"] for p in response.json()["results"]] == ["JATIM-ACCESS-1"]


# --- the officer of the worker's province -------------------------------------------------------


def test_an_officer_of_the_workers_province_opens_the_placement_in_the_admin(
    client, officer_lampung, lampung_placement
):
    client.force_login(officer_lampung)

    response = client.get(change_url(lampung_placement))

    assert response.status_code == 200
    assert "LTIM-ACCESS-1" in text(response)


def test_an_officer_of_the_workers_province_sees_only_her_provinces_placements_in_the_admin_list(
    client, officer_lampung, lampung_placement, jatim_placement
):
    client.force_login(officer_lampung)

    page = text(client.get(LIST_URL))

    assert "LTIM-ACCESS-1" in page
    assert "JATIM-ACCESS-1" not in page


def test_an_officer_reads_the_placement_in_the_api_and_the_read_is_logged(officer_lampung, lampung_placement):
    response = api_as(officer_lampung).get(f"{API_LIST}{lampung_placement.pk}/")

    assert response.status_code == 200
    assert (response.json()["external_id"], response.json()["village_code"]) == (
        "LTIM-ACCESS-1",
        "18.07.01.2001",
    )
    entry = AccessLog.objects.get(action=AccessAction.API_READ, subject_id=str(lampung_placement.worker_id))
    assert (entry.user, entry.subject_type, entry.detail) == (
        officer_lampung,
        "worker",
        {"placement": lampung_placement.pk},
    )


def test_the_placement_api_shows_no_nik_and_no_name(officer_lampung, lampung_placement):
    response = api_as(officer_lampung).get(f"{API_LIST}{lampung_placement.pk}/")

    assert response.status_code == 200
    assert response.json()["external_id"] == "LTIM-ACCESS-1"
    body = response.content.decode()
    assert lampung_placement.worker.full_name not in body
    assert crypto.decrypt(lampung_placement.worker.nik_encrypted)[:12] not in body  # no NIK, whole or in part


def test_an_officer_opening_the_placement_in_the_admin_is_written_to_the_access_log(
    client, officer_lampung, lampung_placement
):
    client.force_login(officer_lampung)

    client.get(change_url(lampung_placement))

    assert AccessLog.objects.filter(
        action=AccessAction.VIEW, subject_type="worker", subject_id=str(lampung_placement.worker_id)
    ).exists()


def test_an_officer_lists_the_placements_of_her_province_in_the_api(
    officer_lampung, lampung_placement, jatim_placement
):
    response = api_as(officer_lampung).get(API_LIST)

    assert response.status_code == 200
    assert [p["external_id"] for p in response.json()["results"]] == ["LTIM-ACCESS-1"]


# --- DPRD viewers and API clients: aggregates only ----------------------------------------------


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_are_refused_the_placement_api(request, persona, lampung_placement):
    client = api_as(request.getfixturevalue(persona))

    for url in (API_LIST, f"{API_LIST}{lampung_placement.pk}/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "permission_denied"


def test_the_api_client_token_is_refused_the_placement_api(token_api, lampung_placement):
    assert token_api.get(API_LIST).status_code == 403
    assert token_api.get(f"{API_LIST}{lampung_placement.pk}/").status_code == 403


def test_an_anonymous_caller_is_refused_the_placement_api(lampung_placement):
    assert APIClient().get(f"{API_LIST}{lampung_placement.pk}/").status_code in {401, 403}


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_get_no_admin_access(client, request, persona, lampung_placement):
    client.force_login(request.getfixturevalue(persona))

    for url in (LIST_URL, change_url(lampung_placement), IMPORT_URL):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")


# --- lists cost the same whatever their length --------------------------------------------------


def add_placements(count: int, *, start: int = 0) -> None:
    """Many placements cheaply: a few workers, straight bulk_create (no services, no per-row checks)."""
    workers = [make_worker(serial=9000 + n) for n in range(3)]
    job_order = make_job_order(
        f"SIP2MI/BULK/{start}", agency=make_agency(f"PT Bulk {start}", f"KEP.B/{start}")
    )
    Placement.objects.bulk_create(
        Placement(
            source="bulk",
            external_id=f"BULK-{start + i:05d}",
            worker=workers[i % 3],
            scheme="P2P",
            agency=job_order.agency,
            job_order=job_order,
            destination_country_id="TW",
            position_id="ELDERLY_CARER",
            departure_date=D(2026, 5, 4),
            phase="MASA",
        )
        for i in range(count)
    )


def queries_for(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def test_the_admin_placement_list_costs_the_same_queries_for_10_and_for_1000_placements(
    client, officer_lampung
):
    client.force_login(officer_lampung)
    add_placements(10)
    ten = queries_for(lambda: client.get(LIST_URL))

    add_placements(990, start=10)
    thousand = queries_for(lambda: client.get(LIST_URL))

    assert thousand == ten
    assert "BULK-00999" in text(client.get(LIST_URL))


def test_the_placement_api_list_costs_the_same_queries_for_10_and_for_1000_placements(officer_lampung):
    def api_list_queries() -> int:
        client = api_as(User.objects.get(pk=officer_lampung.pk))  # fresh, as each real request's user is
        return queries_for(lambda: client.get(API_LIST))

    add_placements(10)
    ten = api_list_queries()

    add_placements(990, start=10)
    thousand = api_list_queries()

    assert thousand == ten


# --- the import page -----------------------------------------------------------------------------

HEADER = "external_id,nik,full_name,sex,birth_date,village_code,scheme,destination_country,position,phase"


def upload(client, content: str, **fields):
    data = {"kind": "placements", "source": "", **fields}
    data["file"] = SimpleUploadedFile("placements.csv", content.encode(), content_type="text/csv")
    return client.post(IMPORT_URL, data)


def test_an_admin_uploads_a_small_csv_and_reads_the_report(client, admin_user):
    client.force_login(admin_user)
    nik = make_nik("18.07.01", "F", D(1996, 8, 12), 501)
    other = make_nik("18.07.02", "M", D(1990, 3, 9), 502)
    content = "\n".join(
        [
            HEADER,
            f"UP-1,{nik},Siti Aminah,F,1996-08-12,18.07.01.2001,P2P,TW,CAREGIVER,PRA",
            f"UP-2,{other},Budi Santoso,M,1990-03-09,18.07.02.2001,P2X,TW,CAREGIVER,PRA",
        ]
    )

    assert client.get(IMPORT_URL).status_code == 200
    response = upload(client, content)

    assert response.status_code == 200
    report = " ".join(texts_of_class(response, "import-report"))
    assert "1 baris dimuat (1 baru, 0 berubah, 0 tetap), 1 ditolak." in report
    assert "baris 3, kolom scheme:" in report
    assert Placement.objects.get().source == "upload"  # the form's default source


def test_the_import_page_refuses_a_file_that_is_not_csv(client, admin_user):
    client.force_login(admin_user)
    data = {"kind": "placements", "file": SimpleUploadedFile("placements.xlsx", b"PK\x03\x04")}

    response = client.post(IMPORT_URL, data)

    assert "Unggah berkas .csv." in text(response)
    assert texts_of_class(response, "import-report") == []
    assert not Placement.objects.exists()


def test_an_officer_cannot_import_a_placement_for_a_worker_outside_her_regions(client, officer_jatim):
    client.force_login(officer_jatim)
    nik = make_nik("18.07.01", "F", D(1996, 8, 12), 601)

    upload(client, f"{HEADER}\nUP-9,{nik},Siti Aminah,F,1996-08-12,18.07.01.2001,P2P,TW,CAREGIVER,PRA")

    assert not Placement.objects.exists()
