"""A DPRD member signs in with password and second factor, lands on their regency, and signs out; an
anonymous visitor is sent to the sign-in page."""

import pytest

from tests.conftest import PASSWORD, totp_code, totp_device
from tests.workers.pages import text

pytestmark = pytest.mark.django_db


def test_a_member_signs_in_and_lands_on_the_page_of_the_regency(client, dprd_lampungtimur, regions):
    device = totp_device(dprd_lampungtimur)
    page = client.get("/dprd/masuk/")
    password = client.post(
        "/dprd/masuk/", {"username": "dprd.lampungtimur", "password": PASSWORD}, follow=True
    )
    response = client.post("/masuk/verifikasi/", {"code": totp_code(device), "next": "/dprd/"}, follow=True)

    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    assert password.redirect_chain[-1] == ("/masuk/verifikasi/?next=%2Fdprd%2F", 302)
    assert response.redirect_chain[-1] == ("/dprd/wilayah/18.07/", 302)
    assert response.status_code == 200
    assert "Kabupaten Lampung Timur" in text(response)


def test_a_wrong_password_stays_on_the_sign_in_page(client, dprd_lampungtimur, regions):
    response = client.post("/dprd/masuk/", {"username": "dprd.lampungtimur", "password": "salah"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session_and_lands_on_the_dashboard_sign_in_page(
    client, dprd_lampungtimur, regions
):
    client.force_login(dprd_lampungtimur)
    response = client.post("/dprd/keluar/")

    assert response.status_code == 302
    assert response["Location"] == "/dprd/masuk/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "path",
    ["/dprd/", "/dprd/wilayah/18.07/", "/dprd/wilayah/18.07/unduh.xlsx", "/dprd/wilayah/18.07/ringkasan/"],
)
def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client, regions, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/dprd/masuk/?next=")


# --- Which regions a member may open ----------------------------------------------------------------------
