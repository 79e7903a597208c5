import base64
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.oath import totp
from rest_framework.test import APIRequestFactory

from accounts.authentication import ApiTokenAuthentication
from accounts.models import ApiToken, Office, StaffProfile
from accounts.scoping import Scope, aggregate_scope, person_scope

User = get_user_model()

# username -> (group, person_scope, aggregate_scope), as architecture.md's demo users contract says
DEMO_USERS = {
    "admin": ("ADMIN", Scope(all_regions=True), Scope(all_regions=True)),
    "officer.lampung": ("OFFICER", Scope(codes=("18",)), Scope(codes=("18",))),
    "officer.jatim": ("OFFICER", Scope(codes=("35",)), Scope(codes=("35",))),
    "dprd.lampungtimur": ("DPRD_VIEWER", None, Scope(codes=("18.07",))),
    "api.lampungtimur": ("API_CLIENT", None, Scope(codes=("18.07",))),
    "desa.sukadana": ("VILLAGE_OFFICER", None, None),
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Seeding hashes five passwords per run; the default PBKDF2 cost would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in (User, Office, StaffProfile, ApiToken)}


def demo_user_summary(user) -> tuple:
    groups = list(user.groups.values_list("name", flat=True))
    return (*groups, person_scope(user), aggregate_scope(user))


def test_seed_demo_creates_the_demo_users_with_their_roles_and_scopes(db):
    seed_demo()

    users = User.objects.order_by("username", "id")
    assert {user.username: demo_user_summary(user) for user in users} == DEMO_USERS
    assert all(user.check_password(settings.DEMO_PASSWORD) for user in users)


def test_seed_demo_prints_a_working_api_token(db):
    output = seed_demo()

    assert f"API token of api.lampungtimur: {settings.DEMO_API_TOKEN}" in output
    request = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Token {settings.DEMO_API_TOKEN}")
    user, _token = ApiTokenAuthentication().authenticate(request)
    assert user.username == "api.lampungtimur"


def test_running_seed_demo_twice_creates_no_duplicates(db):
    seed_demo()
    first = row_counts()

    seed_demo()

    assert row_counts() == first == {"User": 6, "Office": 2, "StaffProfile": 6, "ApiToken": 1}


def test_seed_demo_refuses_to_run_with_debug_off_and_says_why(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    # Nothing was created: no demo admin with the published password, no published API token.
    assert not User.objects.filter(username="admin").exists()
    assert not ApiToken.objects.exists()


@pytest.mark.no_auto_otp
def test_seed_demo_prints_a_totp_secret_that_signs_each_password_user_in(client, db):
    output = seed_demo()
    again = seed_demo()
    secrets = dict(re.findall(r"^  ([\w.]+): ([A-Z2-7 ]+)$", output, re.M))

    assert set(secrets) == {"admin", "officer.lampung", "officer.jatim", "dprd.lampungtimur", "desa.sukadana"}
    assert dict(re.findall(r"^  ([\w.]+): ([A-Z2-7 ]+)$", again, re.M)) == secrets
    key = base64.b32decode(secrets["officer.lampung"].replace(" ", ""))
    client.post("/admin/login/", {"username": "officer.lampung", "password": settings.DEMO_PASSWORD})
    response = client.post("/masuk/verifikasi/", {"code": f"{totp(key):06d}", "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
