"""A member of the DPRD of Lampung Timur reads her regency's dashboard in Chromium: she signs in through
the DPRD login form, lands on the overview (headline figures, the trend chart drawn by Chart.js, the table
of districts), opens a district, downloads every table as XLSX, opens the printable brief (one A4 page),
and is refused Surabaya's numbers.

Elements are found by href, id and CSS class rather than by visible text: the Indonesian wording of these
pages may still change. Numbers are compared between the page and the export, never hard-coded as text.
"""

import datetime
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from dashboards.services import summary_refresh
from placements.models import Flag
from placements.rules import engine
from tests.builders import make_nik, make_worker
from tests.conftest import PASSWORD
from tests.e2e.helpers import pass_second_factor, place
from workers.models import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}  # a council member at her desk
LAMPUNG_TIMUR = "18.07"
SUKADANA, LABUHAN_MARINGGAI = "18.07.01", "18.07.02"  # two districts of Lampung Timur
SUKADANA_VILLAGES = ["18.07.01.2001", "18.07.01.2002"]
LABUHAN_MARINGGAI_VILLAGE = "18.07.02.2001"
JABUNG_VILLAGE = "18.07.03.2001"
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur)
OVERVIEW_URL = re.compile(r"/dprd/wilayah/18\.07/(\?.*)?$")
DISTRICT_URL = re.compile(r"/dprd/wilayah/18\.07\.01/(\?.*)?$")
HIDDEN = "<5"
COMPLEMENT = "×"  # "x" in files
PLACEMENTS_COLUMN = 1  # dashboards.selectors.COLUMNS: registrations, placements, procedural, flagged, ...


def nik_of(serial: int, village: str) -> str:
    return make_nik(village[:8], "F", born_on(serial), serial)


def born_on(serial: int) -> datetime.date:
    return datetime.date(1998, 4, serial)


def register(serial: int, village: str, full_name: str) -> Worker:
    return make_worker(
        village, full_name=full_name, birth_date=born_on(serial), serial=serial, phone=f"08129876{serial:04d}"
    )


@pytest.fixture
def identities(regions):
    """Six procedural placements in Sukadana, two in Labuhan Maringgai (one on a tourist visa, flagged),
    five in Jabung, one in Surabaya; all registered and placed this month, then the summary is refreshed."""
    people = [
        (SUKADANA_VILLAGES[i % 2], name)
        for i, name in enumerate(
            ["Siti Rahmawati", "Dewi Kartika", "Nur Aisyah", "Rina Marlina", "Yuli Handayani", "Wati Susanti"]
        )
    ]
    people += [(LABUHAN_MARINGGAI_VILLAGE, "Ani Suryani"), (LABUHAN_MARINGGAI_VILLAGE, "Lilis Suryati")]
    # Five in a third district: the smallest non-zero count beside Labuhan Maringgai's two.
    people += [
        (JABUNG_VILLAGE, name)
        for name in ["Sri Mulyani", "Tuti Alawiyah", "Eka Putri", "Ratna Sari", "Ida Ayu"]
    ]
    people += [(SURABAYA_VILLAGE, "Endang Wahyuni")]
    created = [register(serial, village, name) for serial, (village, name) in enumerate(people, start=1)]
    placements = [
        place(
            worker, f"DPRD-{n:02d}", **({"visa_type": "TOURIST"} if worker.full_name == "Ani Suryani" else {})
        )
        for n, worker in enumerate(created, start=1)
    ]
    engine.evaluate_placements(placement_ids=[p.pk for p in placements])
    flagged = set(Flag.objects.filter(status="OPEN").values_list("placement__external_id", flat=True))
    assert flagged == {"DPRD-07"}  # Ani Suryani's tourist visa (NP-VISA)
    summary_refresh()
    # What would identify them: none of it may reach a DPRD page or export.
    return [
        {worker.full_name, worker.phone, worker.registration_number, nik_of(serial, village)}
        for serial, (worker, (village, _name)) in enumerate(zip(created, people, strict=True), start=1)
    ]


def sign_in(page: Page) -> None:
    page.goto("/dprd/masuk/")
    page.locator("#id_username").fill("dprd.lampungtimur")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form:has(#id_password) [type=submit]").click()
    pass_second_factor(page, "dprd.lampungtimur")
    page.wait_for_url(OVERVIEW_URL)


def region_table(page: Page) -> dict[str, list[str]]:
    """The table of areas: {name: [published figures]}, with the total row under ''."""
    table = page.locator("table.regions")
    rows = {}
    for row in table.locator("tbody tr").all():
        rows[row.locator("th").inner_text().strip()] = [
            t.strip() for t in row.locator("td").all_inner_texts()
        ]
    rows[""] = [t.strip() for t in table.locator("tfoot td").all_inner_texts()]
    return rows


def test_dprd_member_reads_her_regency_downloads_it_and_prints_the_brief(
    browser_context_factory, dprd_lampungtimur, identities, artifacts_dir, tmp_path
):
    page = browser_context_factory(viewport=DESKTOP).new_page()

    # 1. Sign in through the DPRD form: /dprd/ takes her to her regency.
    sign_in(page)
    expect(page.locator("h1")).to_contain_text("Lampung Timur")
    figures = page.locator("dl.figures")
    expect(figures).to_be_visible()
    expect(figures.locator("> div")).to_have_count(10)
    # Thirteen placements in Lampung Timur; Surabaya's is not counted.
    expect(figures.locator("> div").nth(PLACEMENTS_COLUMN).locator("dd")).to_have_text("13")
    page.wait_for_function(
        "window.Chart && Object.keys(Chart.instances).length > 0"
        " && Chart.getChart(document.querySelector('canvas[data-chart=trend]')) !== undefined"
    )
    box = page.locator("canvas[data-chart=trend]").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    screenshot = artifacts_dir / "dprd-overview.png"
    screenshot.unlink(missing_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.exists() and screenshot.stat().st_size > 10_000

    overview = region_table(page)
    assert overview["Labuhan Maringgai"][PLACEMENTS_COLUMN] == HIDDEN
    # The complement: 13 - 6 - 5 would give the 2 away. Sukadana's 6 is hidden rather than Jabung's 5: its
    # villages (3 and 3) are hidden already, so nothing more goes with it. It reads "×", never "<5".
    assert overview["Sukadana"][PLACEMENTS_COLUMN] == COMPLEMENT
    assert overview["Jabung"][PLACEMENTS_COLUMN] == "5"
    assert overview[""][PLACEMENTS_COLUMN] == "13"
    assert len(overview) == 24 + 1  # every district of Lampung Timur, and the total
    secrets = set().union(*identities)
    content = page.content()
    assert not [s for s in secrets if s in content]

    # 2. Into a district: its own page, with a table of its villages.
    page.locator(f'table.regions a[href*="/dprd/wilayah/{SUKADANA}/"]').click()
    page.wait_for_url(DISTRICT_URL)
    expect(page.locator("h1")).to_contain_text("Sukadana")
    villages = page.locator("table.regions tbody tr")
    expect(villages).to_have_count(20)  # Sukadana's twenty villages
    expect(page.locator(f'table.regions a[href*="/dprd/wilayah/{SUKADANA_VILLAGES[0]}/"]')).to_have_count(1)
    expect(page.locator("table.regions tfoot td").nth(PLACEMENTS_COLUMN)).to_have_text(COMPLEMENT)

    # 3. Back on the overview, every table as one XLSX.
    page.locator(f'nav.crumbs a[href*="/dprd/wilayah/{LAMPUNG_TIMUR}/"]').click()
    page.wait_for_url(OVERVIEW_URL)
    link = page.locator('a[href*="/unduh.xlsx?"]')
    expect(link).to_have_attribute("href", re.compile(r"unduh\.xlsx\?from=\d{4}-\d{2}&to=\d{4}-\d{2}$"))
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "dprd.xlsx"
    download_info.value.save_as(path)
    workbook = load_workbook(path, read_only=True)
    assert "wilayah" in workbook.sheetnames
    rows = list(workbook["wilayah"].iter_rows(values_only=True))
    exported = {r[1]: [str(v) for v in r[2:]] for r in rows if str(r[0]).startswith(f"{LAMPUNG_TIMUR}.")}
    exported[""] = [str(v) for v in rows[-1][2:]]  # the total row comes last
    # The same names and the same published figures as the page, "<5" where the page says "<5" and "x"
    # where it says "×".
    assert exported == {name: [v.replace(COMPLEMENT, "x") for v in cells] for name, cells in overview.items()}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    assert not any(s in str(value) for s in secrets), (sheet.title, value)
    workbook.close()

    # 4. The printable brief: its own print stylesheet, one A4 page.
    page.locator('a[href*="/dprd/wilayah/18.07/ringkasan/"]').click()
    page.wait_for_url(re.compile(r"/dprd/wilayah/18\.07/ringkasan/"))
    expect(page.locator('link[rel=stylesheet][href*="brief.css"]')).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("Lampung Timur")
    no_print = page.locator(".no-print")
    assert no_print.count() >= 1
    expect(no_print.first).to_be_visible()
    page.emulate_media(media="print")
    for element in no_print.all():
        expect(element).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    page.emulate_media(media="screen")

    # 5. Another regency's numbers are not hers.
    response = page.goto("/dprd/wilayah/35.78/")
    assert response is not None and response.status == 403
    expect(page.locator("dl.figures")).to_have_count(0)
    expect(page.locator("h1")).to_have_count(1)
