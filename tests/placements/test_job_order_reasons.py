"""The job-order check lists every reason a job order cannot be used, and never offers places left on
one that cannot be used (issue 14 item 7): on the page and in the public API alike."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.placements.builders import DAY, make_agency, make_job_order, make_placement
from tests.placements.pages import text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
GRANT = ("ISSUED", TODAY - 400 * DAY, TODAY + 1000 * DAY)
REVOKED = [GRANT, ("REVOKED", TODAY - 30 * DAY, None)]


def result(client, number: str) -> str:
    return text_of(client.get("/cek-job-order/", {"number": number}), "job-order-result")


def test_an_expired_job_order_of_a_revoked_agency_gives_both_reasons_and_no_places_left(client):
    agency = make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", REVOKED)
    make_job_order(
        "SIP2MI/JAYA/1", agency=agency, quota=9, valid_from=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )

    text = result(client, "SIP2MI/JAYA/1")

    assert "karena 2 alasan berikut" in text
    assert "Job order ini sudah kedaluwarsa." in text
    assert "Tanpa izin yang berlaku" in text
    assert "Izin dicabut." in text
    assert "sisa" not in text
    assert "0 dari 9 tempat terisi" in text


def test_a_full_expired_job_order_in_a_closed_country_lists_all_three_reasons(client):
    job_order = make_job_order(
        "SIP2MI/KH/1", country="KH", quota=1, valid_from=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )
    make_placement(job_order=job_order)

    text = result(client, "SIP2MI/KH/1")

    assert "karena 3 alasan berikut" in text
    assert "kedaluwarsa" in text
    assert "Kuota penuh" in text
    assert "tertutup bagi penempatan" in text
    assert "sisa" not in text


def test_household_domestic_work_in_a_moratorium_country_is_not_usable(client):
    make_job_order(
        "SIP2MI/SA/1", country="SA", position="HOUSEKEEPER", employer_type="INDIVIDUAL",
        valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY,
    )  # fmt: skip
    make_job_order("SIP2MI/SA/2", country="SA", position="HOUSEKEEPER", valid_from=TODAY - DAY,
                   valid_until=TODAY + 90 * DAY)  # fmt: skip

    household = result(client, "SIP2MI/SA/1")
    company = result(client, "SIP2MI/SA/2")

    assert "moratorium (Kepmenaker 260/2015)" in household
    assert "sisa" not in household
    # Not a household, so no moratorium; but Saudi domestic work goes only through the special channel
    # (SPSK: designated agencies), which this agency is not.
    assert "moratorium" not in company
    assert "job order biasa" in company
    assert "sisa" not in company


def test_domestic_work_in_malaysia_is_only_through_the_special_channel(client):
    make_job_order(
        "SIP2MI/MY/1",
        country="MY",
        position="HOUSEKEEPER",
        valid_from=TODAY - DAY,
        valid_until=TODAY + 9 * DAY,
    )

    text = result(client, "SIP2MI/MY/1")

    assert "jalur khusus pemerintah" in text
    assert "berlaku hari ini dan masih ada tempat" not in text


def test_a_usable_job_order_shows_places_left_and_no_reason(client):
    make_job_order("SIP2MI/TW/1", quota=20, valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY)

    text = result(client, "SIP2MI/TW/1")

    assert "sisa 20 tempat" in text
    assert "Job order ini berlaku hari ini dan masih ada tempat." in text
    assert "alasan" not in text


def test_the_api_lists_every_reason_and_no_places_left_for_an_unusable_job_order():
    agency = make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", REVOKED)
    make_job_order(
        "SIP2MI/KH/2", agency=agency, country="KH", valid_from=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )

    body = APIClient().get("/api/v1/job-orders/SIP2MI/KH/2/").json()

    assert [r["code"] for r in body["reasons"]] == ["EXPIRED", "LICENCE", "CLOSED"]
    assert all(r["message"] for r in body["reasons"])
    assert (body["usable"], body["quota_left"]) == (False, None)


def test_the_api_says_a_usable_job_order_is_usable_with_its_places_left():
    make_job_order("SIP2MI/TW/2", quota=20, valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY)

    body = APIClient().get("/api/v1/job-orders/SIP2MI/TW/2/").json()

    assert (body["usable"], body["reasons"], body["quota_left"]) == (True, [], 20)


def test_the_agency_page_gives_the_reasons_instead_of_places_for_an_unusable_job_order(client):
    agency = make_agency("PT Sinar Lampung", events=[GRANT])
    make_job_order(
        "SIP2MI/KH/3", agency=agency, country="KH", valid_from=TODAY - DAY, valid_until=TODAY + 9 * DAY
    )
    make_job_order("SIP2MI/TW/3", agency=agency, valid_from=TODAY - DAY, valid_until=TODAY + 9 * DAY)

    page = text_of(client.get(f"/cek-p3mi/{agency.pk}/"), "main")
    cambodia, taiwan = page.split("SIP2MI/TW/3")[0].split("SIP2MI/KH/3")[1], page.split("SIP2MI/TW/3")[1]

    assert "tertutup bagi penempatan" in cambodia
    assert "tempat sudah terisi" not in cambodia
    assert "0 dari 20 tempat sudah terisi" in taiwan
