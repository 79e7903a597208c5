"""Before paying anyone, a woman checks on her phone, in Indonesian, the agency a sponsor named and the
job order number on the offer: Cek P3MI and Cek job order, through the real pages."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.placements.builders import make_agency, make_job_order, make_placement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)
JOB_ORDER = "SIP2MI/2026/LPG/0001"


def seed_register() -> None:
    """A revoked agency, and a licensed one with a Taiwan job order open today with places left."""
    today = timezone.localdate()
    make_agency(
        "PT Jaya Raya Migran",
        "KEP.033/P3MI/2021",
        [("ISSUED", today - 700 * DAY, today + 1000 * DAY), ("REVOKED", today - 60 * DAY, None)],
    )
    sinar = make_agency(
        "PT Sinar Lampung Sejahtera",
        "KEP.101/PPTKIS/2023",
        [("ISSUED", today - 400 * DAY, today + 1000 * DAY)],
    )
    job_order = make_job_order(
        JOB_ORDER,
        agency=sinar,
        country="TW",
        quota=20,
        valid_from=today - 30 * DAY,
        valid_until=today + 300 * DAY,
    )
    for _ in range(3):
        make_placement(job_order=job_order)


def test_visitor_finds_the_agency_revoked_and_the_taiwan_job_order_open_with_places_left(
    page: Page, artifacts_dir
):
    seed_register()

    # The agency a sponsor named: typed in part, as she heard it.
    page.goto("/cek-p3mi/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_label("Nama perusahaan atau nomor izin").fill("jaya raya")
    page.get_by_role("button", name="Cek", exact=True).click()
    page.wait_for_url(re.compile(r"/cek-p3mi/\?q=jaya"))
    results = page.locator("section.result.agency")
    expect(results).to_have_count(1)
    expect(results.get_by_role("heading", level=2)).to_have_text("PT Jaya Raya Migran")
    expect(results.locator(".licence")).to_contain_text("Izin dicabut.")
    expect(results.locator(".licence")).to_contain_text("jangan membayarnya")

    # The job order number printed on the offer.
    page.get_by_role("link", name="Cek nomor job order").click()
    page.wait_for_url(re.compile(r"/cek-job-order/$"))
    page.get_by_label("Nomor job order (SIP2MI)").fill(JOB_ORDER)
    page.get_by_role("button", name="Cek", exact=True).click()
    page.wait_for_url(re.compile(r"/cek-job-order/\?number="))
    result = page.locator("#job-order-result")
    expect(result.get_by_role("heading", level=2)).to_have_text(JOB_ORDER)
    expect(result.locator(".country")).to_have_text("Taiwan")
    expect(result.locator(".quota")).to_have_text("3 dari 20 tempat terisi, sisa 17 tempat")
    expect(result.locator(".ok")).to_have_text("Job order ini berlaku hari ini dan masih ada tempat.")
    expect(result.locator(".licence")).to_contain_text("Izin berlaku hari ini.")
    page.screenshot(path=str(artifacts_dir / "public_checks.png"), full_page=True)


def test_on_a_360_px_phone_without_javascript_she_browses_the_registers(browser_context_factory):
    seed_register()
    page = browser_context_factory(
        viewport={"width": 360, "height": 740}, java_script_enabled=False
    ).new_page()

    page.goto("/cek-p3mi/")
    agencies = page.locator("li.result.agency")
    expect(agencies).to_have_count(1)  # only the agency licensed today
    expect(agencies.get_by_role("heading", level=3)).to_have_text("PT Sinar Lampung Sejahtera")
    page.get_by_label("Status izin hari ini").select_option("REVOKED")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("li.result.agency")).to_have_text(re.compile("PT Jaya Raya Migran"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto("/cek-job-order/")
    [entry] = page.locator("li.job-order-entry").all()
    expect(entry).to_contain_text(JOB_ORDER)
    expect(entry).to_contain_text("Taiwan")
    expect(entry).to_contain_text("sisa 17 tempat")
    entry.get_by_role("link", name=JOB_ORDER).click()
    expect(page.locator("#job-order-result .ok")).to_have_text(
        "Job order ini berlaku hari ini dan masih ada tempat."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
