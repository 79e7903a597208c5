"""Steps the browser journeys share: picking a region in the htmx cascade, and signing in to the admin."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from placements.models import Placement
from placements.services import placement_save
from tests.conftest import PASSWORD
from workers.models import Worker

CASCADE_URL = re.compile(r"/wilayah/pilih/")


def choose_and_wait_for_next(
    page: Page, level: str, value: str, next_level: str | None, *, prefix: str = ""
) -> None:
    """Pick `value` in one cascade select, then wait until htmx has swapped in (and wired up) the next."""
    field = f"#id_{prefix}-{{}}" if prefix else "#id_{}"
    with page.expect_response(CASCADE_URL):
        page.locator(field.format(level)).select_option(value)
    # htmx removes `htmx-added` in the same task that processes the new fieldset's hx-* attributes.
    expect(page.locator("fieldset.region-cascade.htmx-added")).to_have_count(0)
    expect(page.locator(field.format(level))).to_have_value(value)
    if next_level:
        expect(page.locator(f"{field.format(next_level)} option")).not_to_have_count(1)


def log_in(context: BrowserContext, username: str) -> Page:
    """Sign in through the real admin login form (so login lockout and sessions are exercised too)."""
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def place(worker: Worker, external_id: str, **fields) -> Placement:
    """A procedural G to G placement in Korea, unless `fields` say otherwise."""
    values = {
        "external_id": external_id,
        "worker": worker,
        "scheme": "G2G",
        "destination_country_id": "KR",
        "position_id": "MANUFACTURING",
        "employer_type": "LEGAL_ENTITY",
        "visa_type": "WORK",
        **fields,
    }
    return placement_save(placement=Placement(**values))
