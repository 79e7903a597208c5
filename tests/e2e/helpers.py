"""Steps the browser journeys share: picking a region in the htmx cascade, and signing in (password and
second factor)."""

import base64
import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, Page, expect

from placements.models import Placement
from placements.services import placement_save
from tests.conftest import PASSWORD
from workers.models import Worker

CASCADE_URL = re.compile(r"/wilayah/pilih/")
SECOND_FACTOR_URL = re.compile(r"/masuk/(verifikasi|autentikator)/")


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
    """Sign in through the real admin login form (so login lockout and sessions are exercised too),
    then the second factor."""
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    pass_second_factor(page, username)
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def pass_second_factor(page: Page, username: str) -> None:
    """The step after the password, as a person with a phone does it: on the first sign-in, read the
    key off the enrolment page into the "app" and keep the recovery codes; later, type the app's code."""
    page.wait_for_url(SECOND_FACTOR_URL)
    if "/autentikator/" in page.url:
        key = base64.b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
        expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
        page.locator("#id_code").fill(_current_code(key, last_t=-1))
        page.locator("main form:has(#id_code) [type=submit]").click()
        page.wait_for_url(re.compile(r"/masuk/kode-pemulihan/"))
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        page.locator("main a.button").click()
        return
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.locator("#id_code").fill(_current_code(device.bin_key, last_t=device.last_t))
    page.locator("main form:has(#id_code) [type=submit]").click()


def _current_code(key: bytes, *, last_t: int) -> str:
    # A code is accepted once: if this step's code was used already, wait for the next step.
    totp = TOTP(key)
    while totp.t() <= last_t:
        time.sleep(1)
        totp = TOTP(key)
    return f"{totp.token():06d}"


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
