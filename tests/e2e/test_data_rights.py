"""A worker on a 360 px phone asks to see her data; an officer of BP3MI Lampung (password and second
factor) builds her data package from the queue; she follows the request, reads the package and downloads
it, once. Then she withdraws her consent, and is told what stops and what continues by law."""

import json

import pytest
from playwright.sync_api import expect

from datarights.models import DataRequest
from tests.datarights.builders import registered
from tests.e2e.helpers import (
    NARROW,
    assert_fits,
    decide_data_request,
    file_data_request,
    log_in,
    track_data_request,
)
from workers.models import ConsentEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_worker_sees_her_data_once_and_withdraws_her_consent(
    browser_context_factory, officer_lampung, artifacts_dir
):
    worker, nik = registered(full_name="Siti Rahayu")
    person = browser_context_factory(viewport=NARROW).new_page()
    officer = log_in(browser_context_factory(), "officer.lampung")

    # 1. She asks to see her data.
    number, code = file_data_request(person, worker, nik, "Melihat data saya dan siapa yang memprosesnya")
    track_data_request(person, number, code)
    expect(person.locator("#request-status .status")).to_have_text("Diterima, sedang ditangani")

    # 2. The officer builds the package from the queue.
    decide_data_request(officer, number, "Buat paket data")

    # 3. She reads it: her record, and who used it, by role and office, never by name.
    track_data_request(person, number, code)
    expect(person.locator("#request-status .outcome")).to_have_text("Paket data siap")
    package = person.locator("#data-package")
    expect(package).to_contain_text("Siti Rahayu")
    expect(person.locator("#processing-trail")).to_contain_text("Petugas, BP3MI Lampung")
    assert "officer.lampung" not in person.content()
    assert_fits(person)
    person.screenshot(path=str(artifacts_dir / "data_rights_package.png"), full_page=True)

    # 4. She downloads it, once; afterwards it is gone.
    with person.expect_download() as download:
        person.locator("#download-package").click()
    body = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert body["request"] == number and body["record"]["nama lengkap"] == "Siti Rahayu"
    track_data_request(person, number, code)
    expect(person.locator("#package-downloaded")).to_be_visible()
    expect(person.locator("#download-package")).to_have_count(0)
    assert DataRequest.objects.get(number=number).package is None

    # 5. She withdraws her consent to registration; the officer records it.
    number, code = file_data_request(person, worker, nik, "Tarik persetujuan saya", purpose="REGISTRATION")
    decide_data_request(officer, number, "Catat penarikan persetujuan")
    track_data_request(person, number, code)
    outcome = person.locator("#request-status")
    expect(outcome.locator(".outcome")).to_have_text("Persetujuan ditarik")
    expect(outcome).to_contain_text("Tetap berjalan karena diwajibkan undang-undang")
    expect(outcome).to_contain_text("UU 18/2017")
    last = ConsentEvent.objects.filter(worker=worker).order_by("-at", "-id").first()
    assert (last.purpose, last.granted) == ("REGISTRATION", False)
