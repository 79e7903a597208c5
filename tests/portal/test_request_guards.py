"""Input that cannot break a page, and headers that hold on every response (issue 11, items 5 and 10)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

PUBLIC_SEARCHES = [
    "/cek-p3mi/?q=",
    "/cek-job-order/?number=",
    "/kantor-layanan/?province=",
    "/wilayah/pilih/?province=",
]
API_SEARCHES = [
    "/api/v1/agencies/?q=",
    "/api/v1/regions/?parent=",
    "/api/v1/job-orders/JO%00",  # a path segment is a search too
]
CONTROL_CHARACTERS = ["%00", "%07", "%1B", "%7F", "%C2%85", "a%00b"]


def searchable_changelists() -> list[str]:
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    )


def assert_plain_400(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Permintaan tidak dapat diproses" in response.content.decode()


def assert_json_400(response) -> None:
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]


@pytest.mark.parametrize("url", PUBLIC_SEARCHES)
@pytest.mark.parametrize("char", CONTROL_CHARACTERS)
def test_a_control_character_in_a_public_search_gets_a_plain_400(db, client, url, char):
    assert_plain_400(client.get(url + char))


@pytest.mark.parametrize("url", API_SEARCHES)
def test_a_nul_byte_in_an_api_search_gets_the_json_error_shape(db, api, url):
    assert_json_400(api.get(url + ("" if url.endswith("%00") else "%00")))


def test_a_nul_byte_in_every_admin_search_gets_a_400(client, admin_user):
    client.force_login(admin_user)
    urls = searchable_changelists()
    assert len(urls) >= 8  # the walk found the admin's search boxes
    for url in urls:
        response = client.get(url + "?q=%00")
        assert response.status_code == 400, url
    assert (
        client.get("/admin/autocomplete/?term=%00&app_label=regions&model_name=province").status_code == 400
    )


def test_a_nul_byte_in_a_json_field_gets_the_json_error_shape_naming_the_field(db, api):
    response = api.post(
        "/api/v1/complaints/track/", {"ticket": "ADU\u0000X", "access_code": "ok"}, format="json"
    )

    assert_json_400(response)
    assert list(response.json()["error"]["fields"]) == ["ticket"]


def test_a_control_character_deep_in_a_json_document_is_found(db, api):
    response = api.post("/api/v1/registrations/", {"extra": [{"note": "a\u001bb"}]}, format="json")

    assert_json_400(response)


def test_a_nul_byte_in_a_form_post_gets_a_plain_400(db, client):
    response = client.post("/pengaduan/lacak/", {"ticket": "ADU\x00X", "access_code": "x"})

    assert_plain_400(response)


def test_tabs_and_line_breaks_in_text_are_still_welcome(db, client, api):
    assert client.get("/cek-p3mi/?q=sinar%09jaya").status_code == 200
    response = api.post(
        "/api/v1/complaints/track/", {"ticket": "ADU-1\r\n", "access_code": "a\tb"}, format="json"
    )
    assert response.status_code == 404  # read as an unknown ticket, not refused as malformed


@pytest.mark.parametrize("url", ["/", "/cek-p3mi/", "/api/v1/regions/", "/admin/login/", "/no-such-page/"])
def test_every_response_switches_off_camera_microphone_geolocation_and_payment(db, client, url):
    policy = client.get(url)["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_a_deeply_nested_json_body_is_walked_without_a_server_error(db, api):
    deep = "[" * 400 + '"a\\u0000"' + "]" * 400

    response = api.post("/api/v1/complaints/track/", deep, content_type="application/json")

    assert_json_400(response)


def test_static_files_served_by_whitenoise_carry_the_permissions_policy(db, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    static = Client()  # a new client loads the middleware with these settings

    response = static.get("/static/css/portal.css")

    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]
