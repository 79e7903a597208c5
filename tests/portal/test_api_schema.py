"""The API describes itself truly: schemathesis runs every operation of `/api/schema/` in-process, as an
anonymous visitor, an API client, a staff member and a village officer, with all its checks, and finds
nothing."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from accounts.roles import Role
from accounts.services import api_token_issue, user_upsert
from portal.wsgi import application

# Loaded when the module is collected: schemathesis' lazy `from_fixture` loader does not run under pytest 9.
# Building the schema touches no database.
# Rules JSON Schema cannot say may refuse a schema-valid request with the documented 400: the stats
# period across its two parameters (`from` not after `to`, at most ten years apart), and the two intake
# forms and the village desk's early warning, whose answers depend on the database and on each other (a
# village code that exists, a phone number that is one, a reporter who gives a phone unless anonymous, a
# recruiter report that names the recruiter); each rule is in the description.
ACCEPTS_OR_EXPLAINS = {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "429"]}
}
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {"include-path-regex": "^/api/v1/stats/", "checks": ACCEPTS_OR_EXPLAINS},
            {
                "include-path-regex": "^/api/v1/(registrations|complaints|village/early-warnings)/$",
                "include-method": "POST",
                "checks": ACCEPTS_OR_EXPLAINS,
            },
        ]
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

# Throttles answer 429 (documented) but would make a long run flaky: raise every limit for this run.
UNTHROTTLED = {
    "DEFAULT_THROTTLE_RATES": {
        scope: "100000/min"
        for scope in ("anon", "user", "public_write", "public_check", "public_lookup", "stats")
    }
}


@pytest.fixture
def wsgi_keeps_the_test_connection(db):
    """The real WSGI handler closes old connections at each request's start and end, which would close the
    test's transaction on PostgreSQL. Django's own test client disconnects it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest.update(UNTHROTTLED)
    settings.REST_FRAMEWORK = rest
    cache.clear()


@pytest.fixture(params=["anonymous", "api_client", "staff", "village_officer"])
def persona_headers(request, db) -> dict:
    if request.param == "anonymous":
        return {}
    if request.param == "village_officer":
        user = user_upsert(username="desa.sukadana", password="schema-pass-2026", role=Role.VILLAGE_OFFICER,
                           region_codes=["18.07.01.2001"])  # fmt: skip
    else:
        user = request.getfixturevalue("api_client_user" if request.param == "api_client" else "admin_user")
    _token, key = api_token_issue(user=user, name="schemathesis")
    return {"Authorization": f"Token {key}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(
    wsgi_keeps_the_test_connection, unthrottled, persona_headers, case
):
    case.call_and_validate(headers=persona_headers)
