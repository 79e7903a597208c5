"""The public registration API (architecture.md contract): POST registrations/ and registrations/status/."""

import datetime
import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import ScopedRateThrottle

from portal.wsgi import application
from tests.workers.builders import NIK_FAILURES, api_registration_data, make_nik, registration_data
from workers.models import Channel, ConsentEvent, Worker

REGISTER_URL = "/api/v1/registrations/"
STATUS_URL = "/api/v1/registrations/status/"
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def register(api, language: str = "id", **overrides):
    return api.post(
        REGISTER_URL, api_registration_data(**overrides), format="json", HTTP_ACCEPT_LANGUAGE=language
    )


def error_fields(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"]
    return body["error"]["fields"]


def test_a_valid_registration_answers_201_with_the_registration_number_only(api, db):
    response = register(api)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"registration_number"}
    worker = Worker.objects.get()
    assert body["registration_number"] == worker.registration_number
    assert worker.channel == Channel.API
    assert ConsentEvent.objects.get(worker=worker).channel == Channel.API


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("kind", list(NIK_FAILURES))
def test_each_nik_problem_is_a_400_naming_the_problem_in_the_callers_language(api, db, kind, language):
    overrides, indonesian, english = NIK_FAILURES[kind]

    response = register(api, language=language, **overrides)

    assert response.status_code == 400
    assert error_fields(response) == {"nik": [indonesian if language == "id" else english]}
    assert not Worker.objects.exists()


@pytest.mark.parametrize("consent", [False, "false", 0])
def test_without_consent_the_registration_is_refused(api, db, consent):
    response = register(api, consent=consent)

    assert response.status_code == 400
    assert error_fields(response) == {
        "consent": ["Kami hanya dapat mendaftarkan Anda dengan persetujuan Anda."]
    }
    assert not Worker.objects.exists()


def test_a_missing_consent_is_refused(api, db):
    data = api_registration_data()
    del data["consent"]

    response = api.post(REGISTER_URL, data, format="json")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"consent"}


@pytest.mark.parametrize("village_code", ["18.07.01.9999", "18.07.01", "not-a-code"])
def test_an_unknown_village_code_is_refused(api, db, village_code):
    response = register(api, village_code=village_code)

    assert response.status_code == 400
    assert error_fields(response) == {
        "village_code": ["Tidak ada desa dengan kode ini. Gunakan kode seperti 18.07.01.2001."]
    }


def test_an_unknown_desired_country_is_refused(api, db):
    response = register(api, desired_country="XX")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"desired_country"}


@pytest.mark.parametrize("country", ["MY", "my", "TW"])
def test_a_real_country_code_is_accepted_and_stored_in_upper_case(api, db, country):
    response = register(api, desired_country=country)

    assert response.status_code == 201
    assert Worker.objects.get().desired_country == country.upper()


def test_an_email_address_too_long_to_store_is_a_400(api, db):
    long_email = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "com"  # valid, 260 characters

    response = register(api, email=long_email)

    assert response.status_code == 400
    assert set(error_fields(response)) == {"email"}
    assert not Worker.objects.exists()


def test_registering_the_same_nik_twice_answers_the_same_way_and_marks_both(api, db):
    first = register(api)
    second = register(api, full_name="Siti W.")

    assert first.status_code == second.status_code == 201
    assert set(first.json()) == set(second.json()) == {"registration_number"}
    assert first.json()["registration_number"] != second.json()["registration_number"]
    assert list(Worker.objects.order_by("id").values_list("possible_duplicate", flat=True)) == [True, True]


def test_a_different_nik_is_not_marked_as_a_duplicate(api, db):
    first = register(api)
    second = register(api, nik=make_nik(serial=2))

    assert first.status_code == second.status_code == 201
    assert list(Worker.objects.order_by("id").values_list("possible_duplicate", flat=True)) == [False, False]


def test_the_status_of_a_registration_is_found_with_its_number_and_birth_date(api, db):
    number = register(api).json()["registration_number"]

    response = api.post(
        STATUS_URL, {"registration_number": number.lower(), "birth_date": "1999-05-17"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "registration_number": number,
        "status": "SUBMITTED",
        "status_label": "Menunggu verifikasi",
        "rejection_reason": "",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"birth_date": "1999-05-18"},
        {"registration_number": "CPMI-AAAAA-BBBBB"},
    ],
)
def test_a_wrong_number_or_birth_date_is_a_404_with_the_error_shape(api, db, query):
    number = register(api).json()["registration_number"]

    response = api.post(
        STATUS_URL, {"registration_number": number, "birth_date": "1999-05-17", **query}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "Kami tidak menemukan pendaftaran dengan nomor dan tanggal lahir ini.",
            "fields": {},
        }
    }


def test_a_malformed_status_query_is_a_400(api, db):
    response = api.post(STATUS_URL, {"registration_number": "x", "birth_date": "17-05-1999"}, format="json")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"birth_date"}


def test_the_third_registration_from_one_address_is_throttled(api, db, settings):
    # Accepted submissions are counted by portal.ratelimit, which reads the settings on each request.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public_write": "2/day"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    responses = [
        register(api, nik=make_nik(serial=serial), phone=f"08120000000{serial}") for serial in (1, 2, 3)
    ]

    assert [r.status_code for r in responses] == [201, 201, 429]
    assert responses[2].json()["error"]["code"] == "throttled"
    assert Worker.objects.count() == 2


def test_the_third_status_check_from_one_address_is_throttled(api, db, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {"public_write": "2/min", "public_check": "2/min"}
    )
    query = {"registration_number": "CPMI-AAAAA-BBBBB", "birth_date": "1999-05-17"}

    statuses = [api.post(STATUS_URL, query, format="json").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


# ---- fuzzing: whatever arrives, the answer is never a server error -------------------------------------

junk = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(st.text(max_size=10), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def sometimes_valid(valid: dict):
    """Each field absent, valid or junk: junk alone rarely gets past the first checks."""
    return st.fixed_dictionaries(
        {}, optional={name: st.one_of(st.just(value), junk) for name, value in valid.items()}
    )


REGISTRATION_VALID = api_registration_data(
    email="siti@example.com",
    address="Jl. Merdeka 1",
    education="SMA",
    marital_status="SINGLE",
    desired_country="MY",
    desired_position="HOUSEKEEPER",
)
STATUS_VALID = {"registration_number": "CPMI-AAAAA-BBBBB", "birth_date": "1999-05-17"}


@FUZZ
@given(body=sometimes_valid(REGISTRATION_VALID))
def test_no_registration_body_causes_a_server_error(api, db, body):
    cache.clear()  # throttle counters

    response = api.post(REGISTER_URL, body, format="json")

    assert response.status_code in {201, 400}, response.content


@FUZZ
@given(body=sometimes_valid(STATUS_VALID))
def test_no_status_query_causes_a_server_error(api, db, body):
    cache.clear()

    response = api.post(STATUS_URL, body, format="json")

    assert response.status_code in {200, 400, 404}, response.content


def refused_for_control_characters(response, data: dict) -> bool:
    """The one 400 a form may answer: input carrying control characters (portal.middleware)."""
    return response.status_code == 400 and any(_CONTROL.search(f"{k}{v}") for k, v in data.items())


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

form_junk = st.one_of(
    st.text(max_size=40), st.sampled_from(["", " ", "18", "18.07", "on", "1", "0", "F", "M"])
)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            **{name: st.one_of(st.just(value), form_junk) for name, value in registration_data().items()},
            "_cascade": st.just("1"),
            "website": form_junk,
            "email": form_junk,
            "desired_country": form_junk,
        },
    )
)
def test_no_registration_form_post_causes_a_server_error(client, db, data):
    cache.clear()

    response = client.post("/daftar/", data)

    assert response.status_code in {200, 302} or refused_for_control_characters(response, data)


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={"registration_number": form_junk, "birth_date": form_junk}))
def test_no_status_form_post_causes_a_server_error(client, db, data):
    cache.clear()

    response = client.post("/daftar/status/", data)

    assert response.status_code == 200 or refused_for_control_characters(response, data)


def test_a_fuzzed_registration_with_valid_fields_really_registers(api, db):
    # The fuzz above is only useful if its "valid" values do register: check them once.
    cache.clear()
    response = api.post(REGISTER_URL, REGISTRATION_VALID, format="json")

    assert response.status_code == 201
    assert Worker.objects.get().birth_date == datetime.date(1999, 5, 17)


# ---- schemathesis, in-process over WSGI, against the published OpenAPI schema --------------------------


# Loaded when the module is collected: schemathesis' lazy `from_fixture` loader does not run under pytest 9
# (it sets the removed `Node._nodeid`). Building the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(path_regex="registrations")


@pytest.fixture
def wsgi_keeps_the_test_connection(db):
    """The real WSGI handler starts and ends each request with `close_old_connections`, which would close
    the test's transaction on PostgreSQL. Django's own test client disconnects it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_registration_endpoints_never_answer_a_server_error(wsgi_keeps_the_test_connection, case):
    cache.clear()  # throttle counters

    response = case.call()

    assert response.status_code < 500, response.text
