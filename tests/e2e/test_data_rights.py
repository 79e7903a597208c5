"""A worker on a 360 px phone asks to see her data; an officer of BP3MI Lampung (password and second
factor) builds her data package from the queue; she follows the request, reads the package and downloads
it, once. Then she withdraws her consent, and is told what stops and what continues by law."""

import json
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from datarights.models import DataRequest
from tests.datarights.builders import registered
from tests.e2e.helpers import log_in
from workers.models import ConsentEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}
NUMBER = re.compile(r"^HAK-[A-Z2-9]{5}-[A-Z2-9]{5}$")


def file_request(page: Page, worker, nik: str, kind_label: str, **extra) -> tuple[str, str]:
    page.goto("/hak-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hak atas data Anda")
    page.get_by_label(kind_label).check()
    page.locator("#id_reference").fill(worker.registration_number)
    page.locator("#id_nik").fill(nik)
    page.locator("#id_birth_date").fill(worker.birth_date.isoformat())
    if "purpose" in extra:
        page.locator("#id_purpose").select_option(extra["purpose"])
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_url(re.compile(r"/hak-data/terkirim/$"))
    number = page.locator("#request-number").inner_text().strip()
    code = page.locator("#access-code").inner_text().strip()
    assert NUMBER.match(number), number
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    return number, code


def officer_decides(context: BrowserContext, number: str, action_label: str) -> None:
    page = log_in(context, "officer.lampung")
    page.goto("/admin/datarights/datarequest/?queue=due")
    page.locator("#result_list").get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/change/"))
    page.locator(".object-tools").get_by_role("link", name=action_label, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/act/[a-z]+/$"))
    page.locator("input[type=submit][value=Simpan]").click()
    page.wait_for_url(re.compile(r"/admin/datarights/datarequest/\d+/change/$"))
    expect(page.locator("ul.messagelist li.success")).to_have_text("Tersimpan.")


def track(page: Page, number: str, code: str) -> None:
    page.goto("/hak-data/lacak/")
    page.locator("#id_number").fill(number)
    page.locator("#id_access_code").fill(code)
    page.get_by_role("button", name="Tampilkan", exact=True).click()


def test_a_worker_sees_her_data_once_and_withdraws_her_consent(
    browser_context_factory, officer_lampung, artifacts_dir
):
    worker, nik = registered(full_name="Siti Rahayu")
    person = browser_context_factory(viewport=NARROW).new_page()

    # 1. She asks to see her data.
    number, code = file_request(person, worker, nik, "Melihat data saya dan siapa yang memprosesnya")
    track(person, number, code)
    expect(person.locator("#request-status .status")).to_have_text("Diterima, sedang ditangani")

    # 2. The officer builds the package from the queue.
    officer_decides(browser_context_factory(), number, "Buat paket data")

    # 3. She reads it: her record, and who used it, by role and office, never by name.
    track(person, number, code)
    expect(person.locator("#request-status .outcome")).to_have_text("Paket data siap")
    package = person.locator("#data-package")
    expect(package).to_contain_text("Siti Rahayu")
    expect(person.locator("#processing-trail")).to_contain_text("Petugas, BP3MI Lampung")
    assert "officer.lampung" not in person.content()
    assert person.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    person.screenshot(path=str(artifacts_dir / "data_rights_package.png"), full_page=True)

    # 4. She downloads it, once; afterwards it is gone.
    with person.expect_download() as download:
        person.locator("#download-package").click()
    body = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert body["request"] == number and body["record"]["nama lengkap"] == "Siti Rahayu"
    track(person, number, code)
    expect(person.locator("#package-downloaded")).to_be_visible()
    expect(person.locator("#download-package")).to_have_count(0)
    assert DataRequest.objects.get(number=number).package is None

    # 5. She withdraws her consent to registration; the officer records it.
    number, code = file_request(person, worker, nik, "Tarik persetujuan saya", purpose="REGISTRATION")
    officer_decides(browser_context_factory(), number, "Catat penarikan persetujuan")
    track(person, number, code)
    outcome = person.locator("#request-status")
    expect(outcome.locator(".outcome")).to_have_text("Persetujuan ditarik")
    expect(outcome).to_contain_text("Tetap berjalan karena diwajibkan undang-undang")
    expect(outcome).to_contain_text("UU 18/2017")
    last = ConsentEvent.objects.filter(worker=worker).order_by("-at", "-id").first()
    assert (last.purpose, last.granted) == ("REGISTRATION", False)
