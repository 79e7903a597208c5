"""Official help channels (domain.md §9): data an admin edits, shown on every public page that helps a
person act, KP2MI's toll-free 0800-1000 first; demo offices never show an invented number."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import demo
from accounts.models import HelpChannel
from accounts.services import help_channel_save, office_upsert
from tests.complaints.builders import form_data
from tests.workers.pages import text, text_of

pytestmark = pytest.mark.django_db

NUMBERS = ["0800-1000", "+62 21 2924 4800", "1500630", "lapor.go.id"]
FINDER_CHAIN = {
    "province": "18", "regency": "18.07", "district": "18.07.01", "village": "18.07.01.2001",
}  # fmt: skip


def channel_numbers(page, element_id: str = "help-channels") -> list[str]:
    section = text_of(page, element_id) or ""
    return sorted((n for n in NUMBERS if n in section), key=section.index)


def slow_down(settings, scope: str) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], scope: "1/day"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.parametrize("path", ["/", "/pengaduan/", "/pengaduan/lacak/"])
def test_the_pages_that_help_a_person_act_list_every_channel_kp2mi_first(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert channel_numbers(response) == NUMBERS
    assert channel_numbers(response, "help-footer") == NUMBERS
    assert 'href="tel:08001000"' in response.content.decode()
    assert 'href="https://lapor.go.id"' in response.content.decode()


def test_the_404_page_lists_the_channels(client):
    response = client.get("/halaman-yang-tidak-ada/")

    assert response.status_code == 404
    assert channel_numbers(response) == NUMBERS


def test_the_rate_limit_page_lists_the_channels(client, settings):
    slow_down(settings, "public_check")
    wrong = {"ticket": "ADU-AAAAA-BBBBB", "access_code": "CCCCDDDD"}
    client.post("/pengaduan/lacak/", wrong)

    response = client.post("/pengaduan/lacak/", wrong)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in text(response)
    assert channel_numbers(response) == NUMBERS


def test_the_confirmation_shows_the_channels_and_the_receiving_offices_phone(client):
    office_upsert(code="bp3mi-lampung", name="BP3MI Lampung", region_codes=["18"], phone="0721 471 234")

    response = client.post("/pengaduan/", form_data(), follow=True)

    assert response.status_code == 200
    assert channel_numbers(response) == NUMBERS
    assert text_of(response, "help-office") == "0721 471 234 — BP3MI Lampung"


def test_a_demo_office_is_labelled_as_demo_data_and_shows_no_number(client):
    demo.seed(io.StringIO())

    filed = client.post("/pengaduan/", form_data(), follow=True)
    finder = client.get("/kantor-layanan/", FINDER_CHAIN)

    assert "data demo" in text_of(filed, "help-office")
    assert finder.status_code == 200
    assert "Data demo" in text_of(finder, "demo-office")
    for page in (filed, finder):
        assert not re.search(r"0721-?0{6}|031-?0{6}", page.content.decode())


def test_an_admin_edit_shows_at_once_and_a_hidden_or_unsourced_channel_is_not_shown(client, admin_user):
    client.get("/")  # fills the cache
    kemnaker = HelpChannel.objects.get(number="1500630")
    kemnaker.active = False
    help_channel_save(channel=kemnaker)
    HelpChannel.objects.create(number="0800-9999", label="Tanpa sumber", source="", order=1)

    assert channel_numbers(client.get("/")) == ["0800-1000", "+62 21 2924 4800", "lapor.go.id"]
    assert "0800-9999" not in text(client.get("/"))

    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/helpchannel/{kemnaker.pk}/change/",
        {"order": 30, "number": "1500630", "label": "Call center Kemnaker", "label_en": "", "source": "Kemnaker",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    client.logout()
    assert channel_numbers(client.get("/")) == NUMBERS


def test_the_channels_cost_no_query_once_cached(client):
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/pengaduan/")

    assert channel_numbers(response) == NUMBERS
    assert not [q for q in queries if "accounts_helpchannel" in q["sql"]]
