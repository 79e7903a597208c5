"""The region filter of the person lists: a scope within one province lists its regencies; a wider one
lists provinces, and the regencies of the province chosen, never all five hundred regencies at once."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LIST = "/admin/workers/worker/"


def filter_links(client, query: str = "") -> list[str]:
    page = client.get(f"{LIST}{query}").content.decode()
    return re.findall(r'href="\?(?:[^"]*&amp;)?regency=([0-9.]+)', page)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_administrator_chooses_a_province_then_its_regencies(regions, admin_user):
    client = signed_in(admin_user)

    provinces = filter_links(client)
    assert "18" in provinces and "35" in provinces and all(len(code) == 2 for code in provinces)

    in_lampung = filter_links(client, "?regency=18")
    assert "18.07" in in_lampung and "35" in in_lampung
    assert not [code for code in in_lampung if len(code) > 2 and not code.startswith("18.")]

    assert "18.07" in filter_links(client, "?regency=18.07")  # a regency keeps its siblings on offer


def test_an_officer_of_one_province_sees_its_regencies_straight_away(regions, officer_lampung):
    links = filter_links(signed_in(officer_lampung))

    assert "18.07" in links
    assert all(code.startswith("18.") for code in links)


def test_filters_with_many_choices_link_where_djangos_own_filters_link(regions, admin_user, monkeypatch):
    """Their addresses are built once per page (ManyChoicesFilter): the links are Django's, choice for choice."""
    from django.contrib import admin

    from accounts.admin_scoping import ManyChoicesFilter, ManyRelatedChoicesFilter
    from tests.placements.builders import make_agency, make_placement

    make_agency()
    make_placement()
    client = signed_in(admin_user)
    pages = {
        f"{LIST}?regency=18&status__exact=SUBMITTED": "regency=18.07",
        "/admin/placements/flag/?severity__exact=HIGH": "agency=",
        "/admin/placements/placement/?phase__exact=PRA&destination_country__code__exact=TW": "country__code__exact=KR",
        "/admin/placements/joborder/?position__code__exact=ELDERLY_CARER": "position__code__exact=",
    }
    for url, link in pages.items():
        ours = client.get(url).content.decode()
        with monkeypatch.context() as django_choices:
            django_choices.setattr(ManyChoicesFilter, "choices", admin.SimpleListFilter.choices)
            django_choices.setattr(ManyRelatedChoicesFilter, "choices", admin.RelatedFieldListFilter.choices)
            theirs = client.get(url).content.decode()
        assert filter_panel(ours) == filter_panel(theirs), url
        assert link in filter_panel(ours), url


def filter_panel(page: str) -> str:
    return page.split('id="changelist-filter"', 1)[1].split("</nav>", 1)[0]


def test_a_list_page_reads_no_region_names_once_the_process_keeps_them(regions, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(admin_user)
    client.get(LIST)  # the first page reads the provinces and regencies, and the process keeps them
    for query in ("", "?regency=18", "?regency=35"):
        with CaptureQueriesContext(connection) as page:
            client.get(f"{LIST}{query}")
        tables = ('"regions_province"', '"regions_regency"')
        assert not [q for q in page.captured_queries if any(t in q["sql"] for t in tables)], query
