"""The village desk in Chromium at 360 px (issue 18, done when): desa.sukadana signs in with her second
factor, finds a resident, verifies the domicile and acknowledges the family permission, files an early
warning naming a recruiter, reports a return, asks for an outreach session and prints the village sheet
(one A4 page); then officer.lampung sees the early warning, confirms the return and sees the request.
Elements are found by id, name and URL rather than by visible text: the Indonesian wording may change."""

import base64
import datetime
import io
import re

import pytest
import zxingcpp
from django.contrib.auth.models import User
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.services import user_upsert
from dashboards.services import summary_refresh
from outreach.models import OutreachEvent
from placements.models import Placement, ReturnRecord
from tests.builders import make_worker
from tests.conftest import PASSWORD
from tests.e2e.helpers import log_in, pass_second_factor, place
from village.models import Acknowledgement, EarlyWarning, MovementProposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 740}
SUKADANA = "18.07.01.2001"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def village(regions, officer_lampung):
    user_upsert(username="desa.sukadana", password=PASSWORD, role=Role.VILLAGE_OFFICER, region_codes=[SUKADANA],
                full_name="Perangkat Desa Sukadana")  # fmt: skip
    rina = make_worker(SUKADANA, full_name="Rina Marlina")
    sari = place(make_worker(SUKADANA, full_name="Sari Wulandari"), "LPG-KR-01", phase="MASA",
                 departure_date=timezone.localdate() - 300 * DAY)  # fmt: skip
    return {"rina": rina, "sari": sari}


def saved(page: Page) -> None:
    expect(page.locator("ul.messages li.success").first).to_be_visible()


def test_a_village_officer_day_and_bp3mi_picking_it_up(browser_context_factory, village):
    today = timezone.localdate()
    page = browser_context_factory(viewport=PHONE_360).new_page()

    # 1. Sign in on the desk, then the second factor (first time: enrol the authenticator).
    page.goto("/desa/masuk/")
    page.locator("#id_username").fill("desa.sukadana")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    pass_second_factor(page, "desa.sukadana")
    page.goto("/desa/warga/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 2. Find the resident, verify her domicile and acknowledge the family permission.
    page.locator("#id_q").fill("Rina")
    page.locator("form.search [type=submit]").click()
    expect(page.locator("ul.residents li")).to_have_count(1)
    page.locator(f'a[href="/desa/warga/{village["rina"].pk}/verifikasi/"]').click()
    page.locator("#id_domicile_verified").check()
    page.locator("#id_acknowledged_on").fill((today - DAY).isoformat())
    page.locator("#id_signatory_name").fill("Suparman, Kepala Desa Sukadana")
    page.locator("main form.card [type=submit]").click()
    saved(page)
    assert Acknowledgement.objects.get(worker=village["rina"]).signatory_name.startswith("Suparman")

    # 3. An early warning naming a recruiter.
    page.locator('nav a[href="/desa/laporan-dini/"]').click()
    page.locator('input[name=kind][value="RECRUITER"]').check()
    page.locator("#id_recruiter_name").fill("Pak Calo Sukadana")
    page.locator("#id_recruiter_phone").fill("+62 813-9990-0002")
    page.locator("#id_destination_country").select_option("MY")
    page.locator("#id_event_date").fill(today.isoformat())
    page.locator("#id_offered").fill("Kerja kebun sawit, berangkat minggu depan tanpa paspor")
    page.locator("main form.card [type=submit]").click()
    saved(page)
    assert EarlyWarning.objects.get().recruiter_phone.endswith("81399900002")

    # 4. A return the village heard of: a proposal, the placement unchanged.
    page.locator('nav a[href="/desa/kabar/"]').click()
    page.locator(f'#abroad a[href="/desa/kabar/{village["sari"].pk}/"]').click()
    page.locator("#id_event_date").fill((today - 2 * DAY).isoformat())
    page.locator('input[name=condition][value="WELL"]').check()
    page.locator("#id_note").fill("Pulang ke rumah orang tuanya minggu lalu")
    page.locator("#movement-form [type=submit]").click()
    saved(page)
    expect(page.locator("#reported li")).to_have_count(1)
    assert Placement.objects.get(pk=village["sari"].pk).phase == "MASA"

    # 5. Ask BP3MI for an outreach session.
    page.locator('nav a[href="/desa/sosialisasi/"]').click()
    page.locator("#id_topic").select_option("ILLEGAL_RECRUITMENT")
    page.locator("#id_preferred_from").fill((today + 14 * DAY).isoformat())
    page.locator("#id_preferred_until").fill((today + 30 * DAY).isoformat())
    page.locator("#id_expected_participants").fill("60")
    page.locator("#outreach-request [type=submit]").click()
    saved(page)
    expect(page.locator("#outreach-history li")).to_have_count(1)

    # 6. Print the village sheet: one A4 page, with its two QR codes.
    page.locator('nav a[href="/desa/lembar/"]').click()
    expect(page.locator("#qr-agency img")).to_be_visible()
    expect(page.locator("#qr-job-order img")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".no-print").first).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1

    # 7. BP3MI: the officer sees the early warning, confirms the return, sees the outreach request.
    officer = log_in(browser_context_factory(viewport=PHONE_360), "officer.lampung")
    officer.goto("/admin/village/earlywarning/")
    expect(officer.locator("#result_list tbody tr")).to_have_count(1)
    expect(officer.locator("#result_list")).to_contain_text("Pak Calo Sukadana")

    officer.goto("/admin/village/movementproposal/?status__exact=PENDING")
    officer.locator("#result_list tbody tr th a, #result_list tbody tr td a").first.click()
    officer.locator("#decide-link").click()
    officer.locator("#id_return_reason").select_option("CONTRACT_END")
    officer.locator('button[name=decision][value="confirm"]').click()
    officer.wait_for_url(re.compile(r"/admin/village/movementproposal/$"))
    expect(officer.locator("ul.messagelist li.success")).to_have_count(1)
    record = ReturnRecord.objects.get(placement=village["sari"])
    assert (record.return_date, record.reason) == (today - 2 * DAY, "CONTRACT_END")
    assert MovementProposal.objects.get().status == "CONFIRMED"

    officer.goto("/admin/outreach/outreachevent/?status__exact=REQUESTED")
    expect(officer.locator("#result_list tbody tr")).to_have_count(1)
    assert OutreachEvent.objects.get().requested_by.username == "desa.sukadana"


PUBLIC = "https://portal.bp3mi.example"
QR_IMG = re.compile(r'<figure id="(qr-[a-z-]+)"><img src="(data:image/svg\+xml;base64,[^"]+)"')


def desk_client(client):
    client.force_login(User.objects.get(username="desa.sukadana"))
    return client


def decode_in_chromium(context, data_uri: str) -> str:
    """Draw the SVG as Chromium does on the page, then read the QR code from the pixels."""
    page = context.new_page()
    page.set_content(
        f'<body style="margin:0;background:#fff"><img id="qr" src="{data_uri}" width="330"></body>'
    )
    png = page.locator("#qr").screenshot()
    page.close()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1
    return found[0].text


def test_the_sheet_qr_codes_decode_to_the_public_checks(browser_context_factory, village, client, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    codes = dict(QR_IMG.findall(desk_client(client).get("/desa/lembar/").content.decode()))
    assert set(codes) == {"qr-agency", "qr-job-order"}
    assert base64.b64decode(codes["qr-agency"].split(",", 1)[1]).startswith(b"<?xml")
    context = browser_context_factory()
    assert decode_in_chromium(context, codes["qr-agency"]) == f"{PUBLIC}/cek-p3mi/"
    assert decode_in_chromium(context, codes["qr-job-order"]) == f"{PUBLIC}/cek-job-order/"


def test_the_sheet_with_its_figures_prints_on_one_a4_page(
    browser_context_factory, village, client, live_server
):
    for i in range(3):
        place(make_worker(SUKADANA), f"LPG-SHEET-{i}", departure_date=timezone.localdate() - DAY)
    summary_refresh()
    context = browser_context_factory(viewport=PHONE_360)
    session = desk_client(client).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto("/desa/lembar/")
    expect(page.locator('link[rel=stylesheet][href*="village/sheet.css"]')).to_have_count(1)
    expect(page.locator("#village-figures dd").first).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
