"""Every password sign-in needs a second factor before any page behind it opens (issue 11, item 4)."""

import re
import time

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.second_factor import recovery_codes_issue
from accounts.services import user_upsert
from tests.conftest import PASSWORD, totp_code, totp_device

pytestmark = pytest.mark.no_auto_otp

VERIFY = "/masuk/verifikasi/"
ENROL = "/masuk/autentikator/"
DPRD_PAGES = [
    "/dprd/",
    "/dprd/wilayah/18.07/",
    "/dprd/wilayah/18.07/ringkasan/",
    "/dprd/wilayah/18.07/unduh.xlsx",
]
API_PAGES = [
    "/api/v1/workers/",
    "/api/v1/placements/",
    "/api/v1/flags/",
    "/api/v1/complaints/",
    "/api/v1/stats/",
]


@pytest.fixture
def supervisor(office_lampung):
    return user_upsert(
        username="supervisor.lampung", password=PASSWORD, role=Role.SUPERVISOR, office=office_lampung
    )


def admin_pages() -> list[str]:
    pages = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages += [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    return pages


def sign_in_with_password(client, username: str, path: str = "/admin/login/?next=/admin/"):
    return client.post(path, {"username": username, "password": PASSWORD, "next": path.split("next=")[-1]})


def signed_in_session(client, user) -> None:
    """The password step alone: what an attacker holding the password has."""
    client.force_login(user)


# --- The gate ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "supervisor", "officer_lampung", "dprd_lampungtimur"])
def test_a_password_alone_opens_no_staff_page(client, request, regions, persona):
    user = request.getfixturevalue(persona)
    signed_in_session(client, user)
    pages = admin_pages() + DPRD_PAGES

    answers = {page: client.get(page) for page in pages}

    assert len(pages) > 20
    opened = {page: r.status_code for page, r in answers.items() if r.status_code != 302}
    assert opened == {}
    assert {r["Location"].split("?")[0] for r in answers.values()} == {ENROL}


@pytest.mark.parametrize("persona", ["admin_user", "officer_lampung", "dprd_lampungtimur"])
def test_the_browsable_api_ignores_a_session_without_the_second_factor(client, request, regions, persona):
    signed_in_session(client, request.getfixturevalue(persona))

    answers = [client.get(page, HTTP_ACCEPT="text/html") for page in API_PAGES]
    json_answers = [client.get(page) for page in API_PAGES]

    assert {r.status_code for r in answers + json_answers} <= {401, 403}
    assert all("Ahmad" not in r.content.decode() for r in answers)


def test_with_a_device_the_password_leads_to_the_code_step_and_the_code_opens_the_admin(
    client, officer_lampung
):
    device = totp_device(officer_lampung)

    password = sign_in_with_password(client, "officer.lampung")
    held = client.get("/admin/")
    code_page = client.get(held["Location"])
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    admin_index = client.get("/admin/")

    assert password.status_code == 302
    assert password["Location"] == "/admin/"
    assert held["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert "Kode masuk" in code_page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert admin_index.status_code == 200


def test_a_verified_session_reaches_the_browsable_api(client, officer_lampung):
    device = totp_device(officer_lampung)
    sign_in_with_password(client, "officer.lampung")
    client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})

    response = client.get("/api/v1/workers/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200


def test_api_tokens_need_no_second_factor(token_api, regions):
    response = token_api.get("/api/v1/stats/")

    assert response.status_code == 200


def test_the_second_factor_changes_the_session_key(client, officer_lampung):
    device = totp_device(officer_lampung)
    sign_in_with_password(client, "officer.lampung")
    before = client.session.session_key

    client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})

    assert client.session.session_key != before


def test_next_cannot_send_the_user_to_another_site(client, officer_lampung):
    device = totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/admin/"


def test_a_half_signed_in_user_can_sign_out(client, officer_lampung):
    totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)

    response = client.post("/keluar/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Wrong, expired and reused codes ----------------------------------------------------------------------


def refused(response) -> bool:
    return response.status_code == 200 and 'class="error"' in response.content.decode()


def test_a_wrong_code_is_refused(client, officer_lampung):
    device = totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong, "next": "/admin/"})

    assert refused(response)
    assert client.get("/admin/").status_code == 302


def test_an_expired_code_is_refused(client, officer_lampung):
    device = totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)

    response = client.post(VERIFY, {"code": totp_code(device, at=time.time() - 120), "next": "/admin/"})

    assert refused(response)
    assert client.get("/admin/").status_code == 302


def test_a_code_works_once(client, officer_lampung, django_user_model):
    device = totp_device(officer_lampung)
    with time_machine.travel(time.time(), tick=False):
        code = totp_code(device)
        signed_in_session(client, officer_lampung)
        first = client.post(VERIFY, {"code": code, "next": "/admin/"})
        client.post("/keluar/")
        signed_in_session(client, officer_lampung)
        again = client.post(VERIFY, {"code": code, "next": "/admin/"})

    assert first.status_code == 302
    assert refused(again)
    assert client.get("/admin/").status_code == 302


def test_repeated_wrong_codes_are_slowed_down(client, officer_lampung):
    device = totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)
    with time_machine.travel(time.time(), tick=False) as clock:
        for _ in range(3):
            client.post(VERIFY, {"code": "000000" if totp_code(device) != "000000" else "111111"})
        throttled = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
        clock.shift(30)
        later = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})

    assert refused(throttled)
    assert later.status_code == 302


# --- Recovery codes ---------------------------------------------------------------------------------------


def test_a_recovery_code_works_once(client, officer_lampung):
    totp_device(officer_lampung)
    codes = recovery_codes_issue(user=officer_lampung)
    signed_in_session(client, officer_lampung)

    first = client.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"}, follow=True)
    client.post("/keluar/")
    signed_in_session(client, officer_lampung)
    again = client.post(VERIFY, {"code": codes[0], "next": "/admin/"})

    assert first.redirect_chain[-1] == ("/admin/", 302)
    assert "9 kode tersisa" in first.content.decode()
    assert refused(again)
    assert StaticToken.objects.filter(device__user=officer_lampung).count() == 9


# --- Enrolment --------------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_then_issues_recovery_codes(client, officer_lampung):
    sign_in_with_password(client, "officer.lampung")

    page = client.get(f"{ENROL}?next=/admin/")
    device = TOTPDevice.objects.get(user=officer_lampung)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    response = client.post(ENROL, {"code": totp_code(device), "next": "/admin/"}, follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    shown_again = client.get("/masuk/kode-pemulihan/?next=/admin/")
    device.refresh_from_db()

    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    assert "<script" not in page.content.decode().split("<main", 1)[1]
    assert secret.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode()
    assert device.confirmed
    assert response.redirect_chain[-1][0].startswith("/masuk/kode-pemulihan/")
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=officer_lampung).values_list("token", flat=True)
    )
    assert shown_again["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_reload_of_the_enrolment_page_keeps_the_same_secret(client, officer_lampung):
    signed_in_session(client, officer_lampung)

    first = client.get(ENROL)
    second = client.get(ENROL)

    assert TOTPDevice.objects.filter(user=officer_lampung).count() == 1
    assert re.search(r'id="totp-secret">([^<]+)<', first.content.decode()).group(1) == re.search(
        r'id="totp-secret">([^<]+)<', second.content.decode()
    ).group(1)


def test_a_wrong_first_code_leaves_the_device_unconfirmed(client, officer_lampung):
    signed_in_session(client, officer_lampung)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=officer_lampung)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(ENROL, {"code": wrong})

    assert refused(response)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/").status_code == 302


def test_a_password_cannot_replace_an_existing_authenticator(client, officer_lampung):
    existing = totp_device(officer_lampung)
    signed_in_session(client, officer_lampung)

    response = client.get(ENROL)

    assert response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=officer_lampung)) == [existing]


def test_the_dprd_sign_in_goes_through_the_second_factor(client, dprd_lampungtimur, regions):
    device = totp_device(dprd_lampungtimur)

    password = client.post(
        "/dprd/masuk/", {"username": "dprd.lampungtimur", "password": PASSWORD}, follow=True
    )
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/dprd/"}, follow=True)

    assert password.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fdprd%2F"
    assert response.redirect_chain[-1] == ("/dprd/wilayah/18.07/", 302)
    assert response.status_code == 200


def test_an_api_client_signing_in_with_its_password_is_held_back_too(client, api_client_user, regions):
    response = client.post(
        "/dprd/masuk/", {"username": "api.lampungtimur", "password": PASSWORD, "next": "/dprd/"}
    )
    pages = [client.get(page) for page in DPRD_PAGES]

    assert response.status_code == 302
    assert {r.status_code for r in pages} == {302}
    assert {r["Location"].split("?")[0] for r in pages} == {ENROL}


# --- Resetting a lost authenticator -----------------------------------------------------------------------


def test_the_admin_never_shows_a_secret_and_deleting_a_device_lets_the_user_enrol_again(
    client, admin_user, officer_lampung
):
    device = totp_device(officer_lampung)
    admin_device = totp_device(admin_user)
    signed_in_session(client, admin_user)
    client.post(VERIFY, {"code": totp_code(admin_device), "next": "/admin/"})

    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    deleted = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    client.post("/keluar/")
    signed_in_session(client, officer_lampung)

    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert (config.status_code, qr.status_code) == (403, 403)
    assert deleted.status_code == 302
    assert client.get("/admin/")["Location"].startswith(ENROL)
