"""The officer's tables fit a 1366x768 laptop (issue 15, item 6): the flag queue, with its longest
columns (rule title, severity, legal basis), needs no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.e2e.test_flag_review import CRITICAL, flagged  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def test_the_flag_queue_fits_a_1366_pixel_screen(browser_context_factory, officer_lampung, flagged):  # noqa: F811
    page = log_in(browser_context_factory(viewport=LAPTOP), "officer.lampung")

    page.goto("/admin/placements/flag/")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    expect(page.locator("#result_list")).to_contain_text(CRITICAL)

    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth,"
        " table: document.querySelector('#result_list').getBoundingClientRect().right})"
    )
    assert widths["page"] <= widths["window"], widths
    assert widths["table"] <= widths["window"], widths
