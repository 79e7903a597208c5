"""The office finder answers from whatever a person knows: a province (one office serves it all), a
deeper region, or a regency's name typed in (issue 14 item 6)."""

import re

import pytest

from accounts.services import office_upsert

pytestmark = pytest.mark.django_db


def answer(response) -> str:
    html = response.content.decode()
    sections = re.findall(r'<section class="card result".*?</section>', html, re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", s).split()) for s in sections)


@pytest.fixture
def lampung():
    return office_upsert(code="bp3mi-lampung", name="BP3MI Lampung", region_codes=["18"], phone="0721-000000")


def test_a_province_alone_finds_the_office_that_serves_it(client, lampung):
    response = client.get("/kantor-layanan/", {"province": "18"})

    assert response.status_code == 200
    text = answer(response)
    assert "Kantor Anda adalah BP3MI Lampung" in text
    assert "0721-000000" in text
    assert 'class="error"' not in response.content.decode()


def test_a_regency_finds_the_office_without_a_district(client, lampung):
    text = answer(client.get("/kantor-layanan/", {"province": "18", "regency": "18.07"}))

    assert "Kabupaten Lampung Timur, Lampung" in text
    assert "BP3MI Lampung" in text


def test_a_regency_name_typed_in_finds_its_office(client, lampung):
    text = answer(client.get("/kantor-layanan/", {"kabupaten": "lampung timur"}))

    assert "Kabupaten Lampung Timur, Lampung" in text
    assert "BP3MI Lampung" in text


def test_a_regency_office_beats_the_province_office_for_a_typed_name(client, lampung):
    office_upsert(code="p4mi-lamtim", name="P4MI Lampung Timur", region_codes=["18.07"])

    text = answer(client.get("/kantor-layanan/", {"kabupaten": "Lampung Timur"}))

    assert "P4MI Lampung Timur" in text
    assert "BP3MI Lampung" not in text


def test_an_unknown_regency_name_says_so(client, lampung):
    text = answer(client.get("/kantor-layanan/", {"kabupaten": "Atlantis"}))

    assert "Tidak ada kabupaten atau kota dengan nama ini" in text


def test_nothing_chosen_asks_for_at_least_the_province(client, lampung):
    response = client.get("/kantor-layanan/", {"province": ""})

    assert "Pilih setidaknya provinsi Anda" in response.content.decode()
    assert answer(response) == ""
