"""The outreach register in the staff admin: rows scoped by `visible_to`, recording through the one service,
villages picked by search and limited to the officer's regions, and a list whose cost does not grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from outreach.models import OutreachEvent
from tests.outreach.builders import (
    LAMPUNG_SELATAN_VILLAGE,
    LAMPUNG_TIMUR_VILLAGE,
    SURABAYA_VILLAGE,
    make_outreach_event,
    make_outreach_events_in_bulk,
)
from tests.workers.pages import text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/outreach/outreachevent/"
ADD_URL = f"{LIST_URL}add/"
OUTSIDE_REGION = (
    "This village is outside your region: you can record outreach only in villages your office covers."
)
TOO_MANY_PROSPECTIVE = "Prospective workers cannot be more than the participants (men and women together)."


def change_url(event) -> str:
    return f"{LIST_URL}{event.pk}/change/"


def listed(response) -> set[int]:
    return {
        int(pk)
        for pk in re.findall(r"/admin/outreach/outreachevent/(\d+)/change/", response.content.decode())
    }


def in_indonesian(msgid: str) -> str:
    """What the officer reads (the admin speaks Indonesian by default), as the catalogue translates it."""
    with translation.override("id"):
        return translation.gettext(msgid)


def form_data(**overrides) -> dict:
    data = {
        "village": LAMPUNG_TIMUR_VILLAGE,
        "event_date": "2026-10-14",
        "topic": "ILLEGAL_RECRUITMENT",
        "title": "Waspada calo",
        "organiser": "Disnaker Lampung Timur",
        "partners": "Polres Lampung Timur",
        "participants_male": "30",
        "participants_female": "41",
        "prospective_workers": "12",
        "materials": "Leaflet",
        "notes": "",
        "_save": "Simpan",
    }
    data.update(overrides)
    return data


@pytest.fixture
def lampung(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


@pytest.fixture
def events(officer_lampung, officer_jatim):
    return {
        "lampung_timur": make_outreach_event(user=officer_lampung),
        "lampung_selatan": make_outreach_event(user=officer_lampung, village_id=LAMPUNG_SELATAN_VILLAGE),
        "surabaya": make_outreach_event(user=officer_jatim, village_id=SURABAYA_VILLAGE),
    }


# --- Scope ---------------------------------------------------------------------------------------------


def test_an_officer_lists_the_events_of_her_province_only(lampung, events):
    response = lampung.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == {events["lampung_timur"].pk, events["lampung_selatan"].pk}


def test_the_regency_filter_narrows_the_list_to_lampung_timur(lampung, events):
    response = lampung.get(LIST_URL, {"regency": "18.07"})

    assert listed(response) == {events["lampung_timur"].pk}


def test_an_officer_of_another_province_gets_404_for_a_lampung_event(client, officer_jatim, events):
    client.force_login(officer_jatim)
    event = events["lampung_timur"]

    assert listed(client.get(LIST_URL)) == {events["surabaya"].pk}
    assert client.get(change_url(event)).status_code == 404
    assert client.get(f"{LIST_URL}{event.pk}/history/").status_code == 404
    assert client.post(change_url(event), form_data(village=SURABAYA_VILLAGE)).status_code == 404
    assert OutreachEvent.objects.get(pk=event.pk).village_id == LAMPUNG_TIMUR_VILLAGE


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_have_no_admin_access(client, request, persona, events):
    client.force_login(request.getfixturevalue(persona))

    for url in (LIST_URL, ADD_URL, change_url(events["lampung_timur"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    client.post(ADD_URL, form_data())
    assert OutreachEvent.objects.count() == 3


# --- Recording -----------------------------------------------------------------------------------------


def test_an_officer_records_an_event_in_her_province(lampung, officer_lampung, office_lampung):
    response = lampung.post(ADD_URL, form_data())

    assert response.status_code == 302
    event = OutreachEvent.objects.get()
    assert (event.village_id, event.participants, event.prospective_workers) == (
        LAMPUNG_TIMUR_VILLAGE,
        71,
        12,
    )
    assert (event.recorded_by, event.office) == (officer_lampung, office_lampung)


def test_an_officer_cannot_save_an_event_in_a_village_outside_her_province(lampung):
    response = lampung.post(ADD_URL, form_data(village=SURABAYA_VILLAGE))

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert in_indonesian(OUTSIDE_REGION) in text(response)
    assert not OutreachEvent.objects.exists()


def test_an_officer_cannot_move_her_event_to_a_village_outside_her_province(lampung, events):
    event = events["lampung_timur"]

    response = lampung.post(change_url(event), form_data(village=SURABAYA_VILLAGE))

    assert response.status_code == 200
    assert in_indonesian(OUTSIDE_REGION) in text(response)
    assert OutreachEvent.objects.get(pk=event.pk).village_id == LAMPUNG_TIMUR_VILLAGE


def test_the_service_refuses_an_outside_village_even_if_the_form_let_it_through(lampung, monkeypatch):
    monkeypatch.setattr("outreach.admin.village_in_user_scope", lambda **kwargs: True)

    response = lampung.post(ADD_URL, form_data(village=SURABAYA_VILLAGE), follow=True)

    assert response.redirect_chain == [(ADD_URL, 302)]
    assert in_indonesian(OUTSIDE_REGION) in text(response)
    assert not OutreachEvent.objects.exists()


def test_more_prospective_workers_than_participants_is_shown_as_an_error(lampung):
    response = lampung.post(ADD_URL, form_data(participants_male="2", participants_female="2"))

    assert response.status_code == 200
    assert in_indonesian(TOO_MANY_PROSPECTIVE) in text(response)
    assert not OutreachEvent.objects.exists()


def test_the_form_searches_villages_instead_of_listing_all_of_them(lampung):
    page = lampung.get(ADD_URL).content.decode()

    assert "admin-autocomplete" in page
    assert "18.07.01.2002" not in page
    assert page.count("<option") < 20


def test_the_village_search_finds_villages_by_name(lampung):
    response = lampung.get(
        "/admin/autocomplete/",
        {"app_label": "outreach", "model_name": "outreachevent", "field_name": "village", "term": "Sukadana"},
    )

    assert response.status_code == 200
    assert LAMPUNG_TIMUR_VILLAGE in {row["id"] for row in response.json()["results"]}


# --- Query counts do not grow with the table -----------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_runs_as_many_queries_for_60_events_as_for_10(lampung, officer_lampung):
    villages = [LAMPUNG_TIMUR_VILLAGE, "18.07.02.2001", LAMPUNG_SELATAN_VILLAGE, SURABAYA_VILLAGE]
    make_outreach_events_in_bulk(10, village_codes=villages)
    _queries(lampung, LIST_URL)  # warm the per-process caches (content types, sessions)
    small = _queries(lampung, LIST_URL)

    make_outreach_events_in_bulk(50, village_codes=villages)
    large = _queries(lampung, LIST_URL)

    assert OutreachEvent.objects.visible_to(officer_lampung).count() == 46
    assert len(listed(lampung.get(LIST_URL))) == 46
    assert large == small
