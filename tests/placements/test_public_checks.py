"""The public checks a worker makes before paying anyone: Cek P3MI (/cek-p3mi/), Cek job order
(/cek-job-order/) and their API twins, in the visitor's Indonesian, without an account."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.placements.builders import DAY, make_agency, make_job_order, make_placement
from tests.placements.pages import hrefs, text, text_of, texts_of_class

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
GRANT = ("ISSUED", TODAY - 400 * DAY, TODAY + 1000 * DAY)
# (events, what the result card says): one agency per licence status, as of today.
LICENCES = {
    "VALID": ([GRANT], "Izin berlaku hari ini."),
    "EXPIRED": ([("ISSUED", TODAY - 2000 * DAY, TODAY - 60 * DAY)], "Izin sudah kedaluwarsa."),
    "SUSPENDED": ([GRANT, ("SUSPENDED", TODAY - 10 * DAY, None)], "Izin dibekukan."),
    "REVOKED": ([GRANT, ("REVOKED", TODAY - 30 * DAY, None)], "Izin dicabut."),
    "NONE": ([], "Tidak ada izin tercatat."),
}
VERDICTS = [verdict for _events, verdict in LICENCES.values()]


def search(client, query: str):
    return client.get("/cek-p3mi/", {"q": query})


def results(response) -> list[str]:
    return texts_of_class(response, "agency")


@pytest.mark.parametrize("status", list(LICENCES))
def test_searching_part_of_a_name_shows_the_agency_with_its_licence_status_in_indonesian(client, status):
    events, verdict = LICENCES[status]
    make_agency("PT Cahaya Sukadana Migran", "KEP.555/P3MI/2020", events)

    response = search(client, "cahaya sukadana")

    assert response.status_code == 200
    [card] = results(response)
    assert "PT Cahaya Sukadana Migran" in card
    assert "Nomor izin: KEP.555/P3MI/2020" in card
    assert verdict in card
    assert [v for v in VERDICTS if v in card] == [verdict]


def test_each_agency_found_gets_its_own_status(client):
    for status, (events, _verdict) in LICENCES.items():
        make_agency(f"PT Migran {status.title()}", f"KEP.{status}/P3MI", events)

    response = search(client, "Migran")
    cards = results(response)

    assert "5 perusahaan ditemukan." in text(response)
    by_name = {card.split(" Nomor izin")[0]: card for card in cards}
    for status, (_events, verdict) in LICENCES.items():
        assert verdict in by_name[f"PT Migran {status.title()}"]


def test_an_invalid_licence_warns_not_to_pay(client):
    make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", LICENCES["REVOKED"][0])

    [card] = results(search(client, "Jaya Raya"))

    assert "jangan membayarnya" in card


def test_the_exact_licence_number_finds_the_agency_whatever_the_case(client):
    make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT])

    [card] = results(search(client, "kep.101/pptkis/2023"))

    assert "PT Sinar Lampung Sejahtera" in card


def test_part_of_a_licence_number_finds_nothing(client):
    # Only the exact number: a fragment would let anyone list the register number by number.
    make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT])

    assert results(search(client, "KEP.101")) == []


def test_a_one_letter_query_lists_no_agency(client):
    make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT])

    response = search(client, "S")

    assert response.status_code == 200
    assert results(response) == []
    assert "PT Sinar Lampung Sejahtera" not in text(response)


def test_an_unknown_name_shows_what_to_do_and_where_to_find_the_bp3mi_office(client):
    make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT])

    response = search(client, "PT Tidak Terdaftar")

    page = text(response)
    assert "Perusahaan tidak ditemukan" in page
    assert "Yang perlu Anda lakukan" in page
    assert "Cari kantor BP3MI Anda" in page
    assert "/kantor-layanan/" in hrefs(response)


def test_the_agency_page_lists_only_the_job_orders_open_today(client):
    agency = make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT])
    make_job_order("SIP2MI/OPEN/1", agency=agency, valid_from=TODAY, valid_until=TODAY + 90 * DAY)
    make_job_order("SIP2MI/LASTDAY/2", agency=agency, valid_from=TODAY - 90 * DAY, valid_until=TODAY)
    make_job_order("SIP2MI/ENDED/3", agency=agency, valid_from=TODAY - 90 * DAY, valid_until=TODAY - DAY)
    make_job_order("SIP2MI/LATER/4", agency=agency, valid_from=TODAY + DAY, valid_until=TODAY + 90 * DAY)
    other = make_agency("PT Lain", "KEP.202/P3MI/2024", [GRANT])
    make_job_order("SIP2MI/OTHER/5", agency=other, valid_from=TODAY, valid_until=TODAY + 90 * DAY)

    response = client.get(f"/cek-p3mi/{agency.pk}/")

    page = text(response)
    assert response.status_code == 200
    assert "Izin berlaku hari ini." in page
    assert "SIP2MI/OPEN/1" in page and "SIP2MI/LASTDAY/2" in page
    for hidden in ("SIP2MI/ENDED/3", "SIP2MI/LATER/4", "SIP2MI/OTHER/5"):
        assert hidden not in page


def test_the_agency_page_of_a_revoked_agency_says_its_job_orders_do_not_count(client):
    agency = make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", LICENCES["REVOKED"][0])
    make_job_order("SIP2MI/JAYA/1", agency=agency, valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY)

    page = text(client.get(f"/cek-p3mi/{agency.pk}/"))

    assert "Izin dicabut." in page
    assert "Tanpa izin yang berlaku, perusahaan ini tidak boleh menempatkan siapa pun" in page


def test_an_unknown_agency_page_is_a_404(client):
    assert client.get("/cek-p3mi/999999/").status_code == 404


def test_an_unknown_job_order_number_is_a_404_with_what_to_do(client):
    response = client.get("/cek-job-order/", {"number": "SIP2MI/PALSU/9999"})

    page = text(response)
    assert response.status_code == 404
    assert "Job order tidak ditemukan" in page
    assert "SIP2MI/PALSU/9999" in page
    assert "Yang perlu Anda lakukan" in page
    assert "/kantor-layanan/" in hrefs(response)


def test_a_job_order_is_found_whatever_the_case_of_its_number(client):
    make_job_order("SIP2MI/2026/LPG/0001", valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY)

    response = client.get("/cek-job-order/", {"number": " sip2mi/2026/lpg/0001 "})

    assert response.status_code == 200
    result = text_of(response, "job-order-result")
    assert "Taiwan" in result
    assert "Izin berlaku hari ini." in result  # the agency's licence, checked in the same place


def test_a_job_order_of_an_agency_whose_licence_is_revoked_is_not_called_valid(client):
    agency = make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", LICENCES["REVOKED"][0])
    make_job_order("SIP2MI/JAYA/1", agency=agency, valid_from=TODAY - DAY, valid_until=TODAY + 90 * DAY)

    result = text_of(client.get("/cek-job-order/", {"number": "SIP2MI/JAYA/1"}), "job-order-result")

    assert "Izin dicabut." in result
    assert "berlaku hari ini dan masih ada tempat" not in result


def test_the_public_pages_answer_429_past_the_lookup_rate(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "public_lookup": "2/min",
        },
    }
    agency = make_agency()

    statuses = [
        client.get("/cek-p3mi/", {"q": "Sinar"}).status_code,
        client.get(f"/cek-p3mi/{agency.pk}/").status_code,
        client.get("/cek-job-order/", {"number": "SIP2MI/X"}).status_code,
    ]

    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("path", "answer"), [("/cek-p3mi/?q=Sinar", 200), ("/cek-job-order/?number=SIP2MI/X", 404)]
)
def test_each_public_page_on_its_own_answers_429_on_the_third_request_a_minute(
    client, settings, path, answer
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "public_lookup": "2/min",
        },
    }

    responses = [client.get(path) for _ in range(3)]

    assert [r.status_code for r in responses] == [answer, answer, 429]
    assert "Terlalu banyak percobaan" in text(responses[-1])


# --- The API twins (public, no login) ---------------------------------------------------------------


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def sinar():
    agency = make_agency("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023", [GRANT], phone="0721-555000")
    job_order = make_job_order(
        "SIP2MI/2026/LPG/0001", agency=agency, quota=20, valid_from=TODAY - DAY, valid_until=TODAY + 300 * DAY
    )
    make_job_order(
        "SIP2MI/2024/LPG/0107", agency=agency, valid_from=TODAY - 400 * DAY, valid_until=TODAY - DAY
    )
    for _ in range(3):
        make_placement(job_order=job_order)
    return agency


def test_the_agency_search_api_returns_name_licence_number_and_licence_status(anonymous, sinar):
    make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", LICENCES["REVOKED"][0])

    response = anonymous.get("/api/v1/agencies/", {"q": "sinar lampung"})

    assert response.status_code == 200
    [agency] = response.json()
    assert agency["name"] == "PT Sinar Lampung Sejahtera"
    assert agency["licence_number"] == "KEP.101/PPTKIS/2023"
    assert agency["licence"]["status"] == "VALID"
    assert agency["licence"]["valid_until"] == GRANT[2].isoformat()


def test_the_agency_search_api_reports_a_revoked_licence(anonymous):
    make_agency("PT Jaya Raya Migran", "KEP.033/P3MI/2021", LICENCES["REVOKED"][0])

    [agency] = anonymous.get("/api/v1/agencies/", {"q": "Jaya"}).json()

    assert (agency["licence"]["status"], agency["licence"]["status_label"]) == ("REVOKED", "Dicabut")
    assert agency["licence"]["since"] == (TODAY - 30 * DAY).isoformat()


@pytest.mark.parametrize("query", ["S", " S "])  # no query at all lists the register
def test_the_agency_search_api_refuses_a_query_shorter_than_two_characters(anonymous, query):
    response = anonymous.get("/api/v1/agencies/", {"q": query})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["q"]


def test_the_agency_api_takes_a_licence_number_with_slashes_and_lists_active_job_orders(anonymous, sinar):
    response = anonymous.get("/api/v1/agencies/KEP.101/PPTKIS/2023/")

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["licence"]["status"]) == ("PT Sinar Lampung Sejahtera", "VALID")
    [job_order] = body["active_job_orders"]  # the expired one is not active
    assert job_order["number"] == "SIP2MI/2026/LPG/0001"
    assert (job_order["quota_used"], job_order["quota_left"]) == (3, 17)


def test_the_published_schema_describes_the_agency_licence_and_its_active_job_orders(anonymous):
    schemas = anonymous.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    agency = schemas["Agency"]["properties"]
    assert agency["licence"]["allOf"] == [{"$ref": "#/components/schemas/Licence"}]
    assert agency["active_job_orders"]["items"] == {"$ref": "#/components/schemas/JobOrder"}
    # An agency with no licence on record has no dates: the schema must allow the nulls it gets.
    licence = schemas["Licence"]["properties"]
    assert [licence[name].get("nullable") for name in ("valid_from", "valid_until", "since")] == [True] * 3


def test_the_agency_api_finds_a_licence_number_whatever_its_case(anonymous, sinar):
    assert anonymous.get("/api/v1/agencies/kep.101/pptkis/2023/").json()["name"] == sinar.name


def test_an_unknown_licence_number_is_a_404_in_the_error_shape(anonymous, sinar):
    response = anonymous.get("/api/v1/agencies/KEP.999/TIDAK/ADA/")

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"]


def test_the_job_order_api_describes_a_job_order_by_its_number_with_slashes(anonymous, sinar):
    response = anonymous.get("/api/v1/job-orders/SIP2MI/2026/LPG/0001/")

    assert response.status_code == 200
    assert response.json() == {
        "number": "SIP2MI/2026/LPG/0001",
        "agency": {
            "name": "PT Sinar Lampung Sejahtera",
            "licence_number": "KEP.101/PPTKIS/2023",
            "licence_status": "VALID",
        },
        "country": {"code": "TW", "name": "Taiwan"},
        "position": {"code": "ELDERLY_CARER", "name": response.json()["position"]["name"]},
        "quota": 20,
        "quota_used": 3,
        "quota_left": 17,
        "valid_from": (TODAY - DAY).isoformat(),
        "valid_until": (TODAY + 300 * DAY).isoformat(),
        "status": "OPEN",
        "usable": True,
        "reasons": [],
    }
    assert response.json()["position"]["name"]


def test_the_job_order_api_says_expired_for_an_expired_job_order(anonymous, sinar):
    body = anonymous.get("/api/v1/job-orders/SIP2MI/2024/LPG/0107/").json()

    assert (body["status"], body["quota_left"]) == ("EXPIRED", None)  # no places on an unusable order
    assert [reason["code"] for reason in body["reasons"]] == ["EXPIRED"]


def test_an_unknown_job_order_number_is_a_404_in_the_error_shape(anonymous):
    response = anonymous.get("/api/v1/job-orders/SIP2MI/PALSU/9999/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_public_api_ignores_a_bad_token_instead_of_refusing(anonymous, sinar):
    # Public endpoints take no credentials: a stale token in an app must not lock a worker out.
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert anonymous.get("/api/v1/agencies/", {"q": "Sinar"}).status_code == 200
