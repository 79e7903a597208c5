"""A visitor on a phone: home page in Indonesian, switch to English, find the office of their village."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import choose_and_wait_for_next

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGLISH_BUTTON = "header form.lang button[name=language][value=en]"


def test_visitor_switches_to_english_and_finds_the_office_of_their_village(
    page: Page, office_lampung, artifacts_dir
):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.locator("header form.lang").get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(ENGLISH_BUTTON)).to_be_disabled()

    page.get_by_role("navigation").get_by_role("link", name="Find your office").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your BP3MI office")
    # With JavaScript on, the no-JS "next choices" button is hidden and htmx fills each level.
    expect(page.locator("button[name=_cascade]")).to_be_hidden()
    expect(page.locator("#id_regency option")).to_have_count(1)

    choose_and_wait_for_next(page, "province", "18", "regency")
    choose_and_wait_for_next(page, "regency", "18.07", "district")
    choose_and_wait_for_next(page, "district", "18.07.01", "village")
    village = page.locator("#id_village option").nth(1).get_attribute("value")
    assert village and village.startswith("18.07.01.")
    choose_and_wait_for_next(page, "village", village, None)

    page.get_by_role("button", name="Find my office").click()
    page.wait_for_url(re.compile(r"/kantor-layanan/\?.*village=" + re.escape(village)))
    result = page.locator("section.result")
    expect(result).to_contain_text("BP3MI Lampung")
    expect(result.get_by_role("heading", level=2)).to_contain_text("Lampung Timur")
    expect(page.locator("#id_village")).to_have_value(village)
    page.screenshot(path=str(artifacts_dir / "home_cascade.png"), full_page=True)


def test_cascade_fills_the_next_level_without_javascript(browser_context_factory):
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto("/kantor-layanan/")
    expect(page.locator("#id_regency option")).to_have_count(1)

    page.locator("#id_province").select_option("18")
    page.locator("button[name=_cascade]").click()

    page.wait_for_url(re.compile(r"_cascade=1"))
    expect(page.locator("#id_province")).to_have_value("18")
    expect(page.locator("#id_regency option")).not_to_have_count(1)
    expect(page.locator("#id_regency option[value='18.07']")).to_have_count(1)
    expect(page.locator("section.result")).to_have_count(0)


def test_language_switch_offers_english_under_its_own_name(browser_context_factory):
    # A visitor who reads no Indonesian must still recognise the way out of it.
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator(ENGLISH_BUTTON)).to_have_text("English")
    expect(page.locator("header form.lang button[value=id]")).to_have_text("Bahasa Indonesia")


def test_asking_for_the_next_choices_without_javascript_shows_no_error(browser_context_factory):
    page = browser_context_factory(java_script_enabled=False, locale="en-US").new_page()
    page.goto("/kantor-layanan/")
    page.locator("#id_province").select_option("18")
    page.locator("button[name=_cascade]").click()
    page.locator("#id_regency").select_option("18.07")
    page.locator("button[name=_cascade]").click()
    expect(page.locator("#id_district option[value='18.07.01']")).to_have_count(1)

    # Changing the province makes the chosen regency meaningless: it is dropped, not reported.
    page.locator("#id_province").select_option("35")
    page.locator("button[name=_cascade]").click()
    expect(page.locator("#id_province")).to_have_value("35")
    expect(page.locator("#id_regency option[value='35.01']")).to_have_count(1)
    expect(page.locator("#id_district option")).to_have_count(1)
    expect(page.locator(".region-cascade .error")).to_have_count(0)


def test_changing_the_province_with_htmx_replaces_the_regencies_without_error(browser_context_factory):
    page = browser_context_factory(locale="en-US").new_page()
    page.goto("/kantor-layanan/")
    choose_and_wait_for_next(page, "province", "18", "regency")
    choose_and_wait_for_next(page, "regency", "18.07", "district")

    choose_and_wait_for_next(page, "province", "35", "regency")
    expect(page.locator("#id_regency option[value='35.01']")).to_have_count(1)
    expect(page.locator("#id_district option")).to_have_count(1)
    expect(page.locator(".region-cascade .error")).to_have_count(0)
