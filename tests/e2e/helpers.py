"""Steps the browser journeys share: picking a region in the htmx cascade, signing in (password and
second factor), and a data-rights request (filed and followed by the person, decided by an officer)."""

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
NARROW = {"width": 360, "height": 740}  # the smallest phone the public pages are made for
DATA_REQUEST_NUMBER = re.compile(r"^HAK-[A-Z2-9]{5}-[A-Z2-9]{5}$")
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


def fill_fields(page: Page, **fields: str) -> None:
    """Type each value into the field `#id_<name>`, or choose it when the field is a select."""
    for name, value in fields.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def file_data_request(
    page: Page, worker: Worker, nik: str, kind_label: str, **fields: str
) -> tuple[str, str]:
    """The person asks at /hak-data/, proving who she is with her registration number, NIK and birth date;
    `fields` are the request's own (purpose, what_is_wrong, ...). Returns the number and access code."""
    page.goto("/hak-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hak atas data Anda")
    page.get_by_label(kind_label).check()
    fill_fields(
        page,
        reference=worker.registration_number,
        nik=nik,
        birth_date=worker.birth_date.isoformat(),
        **fields,
    )
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_url(re.compile(r"/hak-data/terkirim/$"))
    number = page.locator("#request-number").inner_text().strip()
    code = page.locator("#access-code").inner_text().strip()
    assert DATA_REQUEST_NUMBER.match(number), number
    assert_fits(page)
    return number, code


def decide_data_request(page: Page, number: str, action_label: str, **fields: str) -> None:
    """An officer, signed in on `page`, opens the request from the queue and takes the decision
    `action_label`, filling in `fields` of its form."""
    page.goto("/admin/datarights/datarequest/?queue=due")
    page.locator("#result_list").get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/change/"))
    page.locator(".object-tools").get_by_role("link", name=action_label, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/act/[a-z]+/$"))
    fill_fields(page, **fields)
    page.locator("input[type=submit][value=Simpan]").click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/change/$"))
    expect(page.locator("ul.messagelist li.success")).to_have_text("Tersimpan.")


def track_data_request(page: Page, number: str, code: str) -> None:
    page.goto("/hak-data/lacak/")
    page.locator("#id_number").fill(number)
    page.locator("#id_access_code").fill(code)
    page.get_by_role("button", name="Tampilkan", exact=True).click()


def assert_fits(page: Page) -> None:
    """Nothing on the page is wider than the phone's screen."""
    width = page.viewport_size["width"] if page.viewport_size else NARROW["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
