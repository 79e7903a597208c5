"""A mother reports on her phone that her daughter's wages are not paid; an officer of BP3MI Lampung takes
the case, verifies it and starts handling it; the mother follows it with her ticket and access code.

Everything in Indonesian (the phone's locale), through the real pages: the public form with its htmx
region cascade, the one-time receipt, the admin with its login form, search box and action buttons, and
the tracking page, which shows the public note and never the internal one or the officer's name.
"""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from complaints.choices import EventKind, Status
from complaints.models import Complaint, ComplaintEvent
from tests.e2e.helpers import choose_and_wait_for_next, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TICKET = re.compile(r"^ADU-[A-Z2-9]{5}-[A-Z2-9]{5}$")
DESCRIPTION = "Anak saya bekerja di Taiwan dan belum digaji tiga bulan. Majikan bilang menunggu agensi."
PUBLIC_NOTE = "Kami sudah menghubungi KDEI Taipei untuk menagih gaji anak Ibu."
INTERNAL_NOTE = "Agensi pernah bermasalah di kasus lain, cek izinnya."


def file_the_complaint(page: Page) -> tuple[str, str]:
    page.goto("/pengaduan/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.locator("#id_category").select_option(label="Gaji tidak dibayar")
    page.get_by_label("Selama bekerja di luar negeri").check()
    page.locator("#id_description").fill(DESCRIPTION)

    choose_and_wait_for_next(page, "province", "18", "regency", prefix="village")
    choose_and_wait_for_next(page, "regency", "18.07", "district", prefix="village")
    choose_and_wait_for_next(page, "district", "18.07.01", "village", prefix="village")
    village = page.locator("#id_village-village option").nth(1).get_attribute("value")
    assert village and village.startswith("18.07.01.")
    choose_and_wait_for_next(page, "village", village, None, prefix="village")

    page.locator("#id_reporter_relation").select_option(label="Keluarga pekerja")
    page.locator("#id_reporter_name").fill("Sulastri")
    page.locator("#id_reporter_phone").fill("0813 1111 2222")
    page.get_by_role("button", name="Kirim laporan").click()

    page.wait_for_url(re.compile(r"/pengaduan/terkirim/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan diterima")
    ticket = page.locator("#ticket").inner_text().strip()
    code = page.locator("#access-code").inner_text().strip()
    assert TICKET.match(ticket), ticket
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    return ticket, code


def act(page: Page, label: str, *, public_note: str = "", internal_note: str = "") -> None:
    """Click one action button on the complaint page, fill its form, save, and land back on the page."""
    page.locator(".object-tools").get_by_role("link", name=label, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/complaints/complaint/\d+/act/[a-z_]+/$"))
    if public_note:
        page.locator("#id_public_note").fill(public_note)
    if internal_note:
        page.locator("#id_internal_note").fill(internal_note)
    page.locator("input[type=submit][value=Simpan]").click()
    page.wait_for_url(re.compile(r"/admin/complaints/complaint/\d+/change/$"))
    expect(page.locator("ul.messagelist li.success")).to_have_text("Tersimpan.")


def officer_handles(context: BrowserContext, ticket: str) -> None:
    page = log_in(context, "officer.lampung")

    page.goto("/admin/complaints/complaint/")
    page.locator("#searchbar").fill(ticket)
    page.locator("#changelist-search [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/complaints/complaint/\?q="))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=ticket, exact=True).click()
    # The link keeps the search in `?_changelist_filters=`.
    page.wait_for_url(re.compile(r"/admin/complaints/complaint/\d+/change/(\?|$)"))

    act(page, "Tugaskan kepada saya")
    act(page, "Verifikasi")
    # Once verified, "verify" is no longer offered; "start handling" now is.
    tools = page.locator(".object-tools")
    expect(tools.get_by_role("link", name="Verifikasi", exact=True)).to_have_count(0)
    act(page, "Mulai tangani", public_note=PUBLIC_NOTE, internal_note=INTERNAL_NOTE)
    expect(tools.get_by_role("link", name="Mulai tangani", exact=True)).to_have_count(0)
    expect(page.locator("#id_status, .field-status .readonly").first).to_contain_text("Sedang ditangani")


def track(page: Page, ticket: str, code: str) -> None:
    page.goto("/pengaduan/lacak/")
    page.locator("#id_ticket").fill(ticket)
    page.locator("#id_access_code").fill(code)
    page.get_by_role("button", name="Tampilkan", exact=True).click()


def test_a_family_member_reports_unpaid_wages_and_follows_the_officers_work(
    browser_context_factory, officer_lampung, artifacts_dir
):
    visitor = browser_context_factory().new_page()

    # 1. A mother files the complaint on her phone and writes down the ticket and the code.
    ticket, code = file_the_complaint(visitor)

    # 2. The receipt is shown once: reloading the done page no longer shows it.
    visitor.reload()
    expect(visitor.locator("#ticket")).to_have_count(0)
    assert code not in visitor.content()

    # 3. Right after filing, tracking shows "received".
    track(visitor, ticket, code)
    result = visitor.locator("#complaint-status")
    expect(result.get_by_role("heading", level=2)).to_have_text(ticket)
    expect(result.locator(".status")).to_have_text("Diterima")

    # 4. An officer of BP3MI Lampung, in a browser of her own, takes, verifies and starts the case.
    officer_handles(browser_context_factory(), ticket)

    # 5. The mother checks again: in progress, with the public note, nothing internal, no officer's name.
    track(visitor, ticket, code)
    result = visitor.locator("#complaint-status")
    expect(result.locator(".status")).to_have_text("Sedang ditangani")
    expect(result).to_contain_text(PUBLIC_NOTE)
    expect(result).to_contain_text("Terverifikasi")
    page_text = visitor.content()
    assert INTERNAL_NOTE not in page_text
    assert "officer.lampung" not in page_text
    visitor.screenshot(path=str(artifacts_dir / "complaint_journey.png"), full_page=True)

    complaint = Complaint.objects.get(ticket=ticket)
    assert (complaint.status, complaint.assignee, complaint.category, complaint.phase) == (
        Status.IN_PROGRESS, officer_lampung, "UNPAID_WAGES", "MASA"
    )  # fmt: skip
    assert (complaint.reporter_relation, complaint.reporter_name, complaint.reporter_phone) == (
        "FAMILY", "Sulastri", "081311112222"
    )  # fmt: skip
    assert complaint.village_id.startswith("18.07.01.")
    assert complaint.office.code == "bp3mi-lampung"
    assert complaint.version == 4  # filed, assigned, verified, in progress
    note = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.NOTE)
    assert (note.public, note.text, note.actor) == (False, INTERNAL_NOTE, officer_lampung)
