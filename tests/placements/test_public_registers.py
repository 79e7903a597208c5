"""Public registers to browse (issue 14 item 8): /cek-p3mi/ with no query lists the agencies licensed
today, /cek-job-order/ with no number lists the job orders a person may use; the public API lists the
same, 20 a page; a page costs the same number of queries for 10 rows as for 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.placements.builders import DAY, make_agency, make_job_order, make_placement
from tests.placements.pages import text, texts_of_class

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
GRANT = ("ISSUED", TODAY - 400 * DAY, TODAY + 1000 * DAY)
EXPIRED = ("ISSUED", TODAY - 2000 * DAY, TODAY - 60 * DAY)
REVOKED = [GRANT, ("REVOKED", TODAY - 30 * DAY, None)]
IN_FORCE = {"valid_from": TODAY - DAY, "valid_until": TODAY + 90 * DAY}


def test_the_agency_register_lists_only_agencies_licensed_today_by_default(client):
    make_agency("PT Sinar Lampung", events=[GRANT], province_id="18")
    make_agency("PT Kedaluwarsa", events=[EXPIRED])
    make_agency("PT Dicabut", events=REVOKED)

    response = client.get("/cek-p3mi/")

    assert response.status_code == 200
    cards = texts_of_class(response, "agency")
    assert len(cards) == 1
    assert "PT Sinar Lampung" in cards[0]
    assert "Lampung" in cards[0] and "Izin berlaku hari ini." in cards[0]
    assert "1 perusahaan dalam daftar." in text(response)
    assert "<script" not in response.content.decode().split("<main", 1)[-1]


def test_the_agency_register_filters_by_province_and_by_status(client):
    make_agency("PT Lampung Satu", events=[GRANT], province_id="18")
    make_agency("PT Jatim Satu", events=[GRANT], province_id="35")
    make_agency("PT Dicabut", events=REVOKED, province_id="18")

    lampung = texts_of_class(client.get("/cek-p3mi/", {"province": "18"}), "agency")
    revoked = texts_of_class(client.get("/cek-p3mi/", {"status": "REVOKED"}), "agency")
    every = texts_of_class(client.get("/cek-p3mi/", {"status": "ALL"}), "agency")

    assert [c.split(" Nomor")[0] for c in lampung] == ["PT Lampung Satu"]
    assert [c.split(" Nomor")[0] for c in revoked] == ["PT Dicabut"]
    assert len(every) == 3


def test_the_agency_register_shows_twenty_a_page_with_a_link_to_the_next(client):
    for i in range(25):
        make_agency(f"PT Agen {i:02d}", events=[GRANT])

    first = client.get("/cek-p3mi/")
    second = client.get("/cek-p3mi/", {"page": 2, "status": "VALID"})

    assert len(texts_of_class(first, "agency")) == 20
    assert "page=2" in first.content.decode()
    assert len(texts_of_class(second, "agency")) == 5
    assert "Halaman 2 dari 2" in text(second)


def test_the_job_order_register_lists_only_job_orders_a_person_may_use(client):
    licensed = make_agency("PT Sinar Lampung", events=[GRANT])
    revoked = make_agency("PT Dicabut", events=REVOKED)
    make_job_order("SIP2MI/OK/1", agency=licensed, quota=9, **IN_FORCE)
    full = make_job_order("SIP2MI/FULL/2", agency=licensed, quota=1, **IN_FORCE)
    make_placement(job_order=full)
    make_job_order("SIP2MI/OLD/3", agency=licensed, valid_from=TODAY - 90 * DAY, valid_until=TODAY - DAY)
    make_job_order("SIP2MI/REVOKED/4", agency=revoked, **IN_FORCE)
    make_job_order("SIP2MI/KH/5", agency=licensed, country="KH", **IN_FORCE)
    make_job_order("SIP2MI/MY/6", agency=licensed, country="MY", position="HOUSEKEEPER", **IN_FORCE)

    response = client.get("/cek-job-order/")

    assert response.status_code == 200
    [entry] = texts_of_class(response, "job-order-entry")
    assert "SIP2MI/OK/1" in entry
    assert "Taiwan" in entry
    assert "sisa 9 tempat" in entry
    assert "PT Sinar Lampung" in entry


def test_the_job_order_register_filters_by_country_and_position(client):
    agency = make_agency(events=[GRANT])
    make_job_order("SIP2MI/TW/1", agency=agency, country="TW", position="CAREGIVER", **IN_FORCE)
    make_job_order("SIP2MI/HK/2", agency=agency, country="HK", position="HOUSEKEEPER", **IN_FORCE)

    by_country = texts_of_class(client.get("/cek-job-order/", {"country": "HK"}), "job-order-entry")
    by_position = texts_of_class(client.get("/cek-job-order/", {"position": "CAREGIVER"}), "job-order-entry")

    assert ["SIP2MI/HK/2" in e for e in by_country] == [True]
    assert ["SIP2MI/TW/1" in e for e in by_position] == [True]


def _agencies(count: int):
    for i in range(count):
        agency = make_agency(f"PT Agen {i:03d}", events=[GRANT], province_id="18")
        make_job_order(agency=agency, **IN_FORCE)


@pytest.mark.parametrize(
    "path", ["/cek-p3mi/", "/cek-job-order/", "/api/v1/agencies/", "/api/v1/job-orders/"]
)
def test_a_register_page_costs_the_same_queries_for_ten_rows_as_for_a_hundred(
    client, django_assert_num_queries, path
):
    _agencies(10)
    client.get(path)  # warms per-process caches (help channels), which are no per-row cost
    with CaptureQueriesContext(connection) as ten:
        assert client.get(path).status_code == 200
    _agencies(90)
    assert len(ten) <= 6
    with django_assert_num_queries(len(ten)):
        assert client.get(path).status_code == 200


def test_the_api_lists_licensed_agencies_twenty_a_page():
    for i in range(21):
        make_agency(f"PT Agen {i:02d}", events=[GRANT], province_id="18")
    make_agency("PT Dicabut", events=REVOKED)

    body = APIClient().get("/api/v1/agencies/").json()
    second = APIClient().get("/api/v1/agencies/", {"page": 2}).json()

    assert body["count"] == 21
    assert len(body["results"]) == 20
    assert body["next"]
    assert body["results"][0]["province"] == {"code": "18", "name": body["results"][0]["province"]["name"]}
    assert {a["licence"]["status"] for a in body["results"] + second["results"]} == {"VALID"}


def test_the_api_lists_usable_job_orders_with_their_places_left():
    agency = make_agency(events=[GRANT])
    make_job_order("SIP2MI/TW/1", agency=agency, quota=7, **IN_FORCE)
    make_job_order("SIP2MI/KH/2", agency=agency, country="KH", **IN_FORCE)

    body = APIClient().get("/api/v1/job-orders/").json()

    assert body["count"] == 1
    [job_order] = body["results"]
    assert (job_order["number"], job_order["usable"], job_order["quota_left"]) == ("SIP2MI/TW/1", True, 7)
