"""The village sheet (/desa/lembar/): a printable page for the notice board. Its figures are the DPRD pages'
figures, suppressed the same way; it names no person. Its QR codes are decoded, and its one A4 page printed,
in Chromium: tests/e2e/test_village_desk.py."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from dashboards.periods import Period
from dashboards.selectors import area_table
from dashboards.services import summary_refresh
from placements.models import Position
from tests.builders import LABUHAN_MARINGGAI, SUKADANA
from tests.dashboards.builders import make_placement
from village.sheet import village_sheet

PUBLIC = "https://portal.bp3mi.example"
QR_IMG = re.compile(r'<figure id="(qr-[a-z-]+)"><img src="(data:image/svg\+xml;base64,[^"]+)"')


@pytest.fixture
def public_base(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert match, section_id
    return match.group(1)


def test_the_sheet_names_the_legal_route_zero_cost_positions_signs_and_help(desk, public_base):
    response = desk.get("/desa/lembar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert "@media print" in (settings.BASE_DIR / "static/village/sheet.css").read_text()
    assert section(html, "legal-route").count("<li>") >= 5
    assert section(html, "warning-signs").count("<li>") >= 5
    with translation.override("id"):
        expected = sorted(str(p) for p in Position.objects.filter(is_zero_cost=True))
    assert len(expected) == 10
    assert re.findall(r"<li>(.*?)</li>", section(html, "zero-cost")) == expected
    assert "0800-1000" in section(html, "help")  # the national call centre, from the help channels
    assert f"{PUBLIC}/cek-p3mi/" in html and f"{PUBLIC}/cek-job-order/" in html


def test_a_position_whose_zero_cost_ended_is_not_listed(desk):
    Position.objects.filter(code="GARDENER").update(
        zero_cost_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = desk.get("/desa/lembar/").content.decode()
    with translation.override("id"):
        gardener = str(Position.objects.get(code="GARDENER"))
    assert gardener not in section(html, "zero-cost")
    assert section(html, "zero-cost").count("<li>") == 9


def test_the_sheet_shows_the_office_of_the_village(desk, office_lampung):
    office_lampung.phone = "0721-123456"
    office_lampung.save()
    assert "0721-123456" in section(desk.get("/desa/lembar/").content.decode(), "help")


def test_the_village_figures_are_the_dprd_figures_suppressed_and_name_nobody(desk):
    placements = [make_placement(SUKADANA, departed_on=timezone.localdate()) for _ in range(3)]
    for _ in range(7):
        make_placement(LABUHAN_MARINGGAI, departed_on=timezone.localdate())
    summary_refresh()
    html = desk.get("/desa/lembar/").content.decode()
    figures = section(html, "village-figures")
    row = area_table(code=SUKADANA, period=Period.default()).row(SUKADANA)
    assert row["placements"].value == 3 and str(row["placements"]) == "<5"
    assert "&lt;5" in figures
    assert re.findall(r"<dd>(.*?)</dd>", figures) == [
        str(row[c]).replace("<", "&lt;") for c in village_sheet(village_code=SUKADANA).figures
    ]
    assert "7" not in re.findall(r"<dd>(.*?)</dd>", figures)  # another village's count
    assert placements[0].worker.full_name not in html


def test_only_a_village_officer_opens_the_sheet_and_only_for_her_village(desk, client, officer_lampung):
    assert desk.get("/desa/lembar/", {"desa": LABUHAN_MARINGGAI}).status_code == 404
    assert desk.get("/desa/lembar/", {"desa": SUKADANA}).status_code == 200
    client.logout()
    client.force_login(officer_lampung)
    assert client.get("/desa/lembar/").status_code == 403
