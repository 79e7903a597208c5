"""axe-core in Chromium on every public page, the DPRD pages and five admin pages: 0 violations of any
impact. A screen-reader user, a person who zooms to 200 % or who reads in bright sun meets the same portal.

axe-core is vendored under tests/e2e/vendor/ (MPL-2.0, with its LICENSE): it is injected into the page by
the test only and never served by the app. Pages that need a person signed in go through the real sign-in
forms and the second factor. The context bypasses the Content Security Policy only so that axe's own
script can be injected; the pages run as they are served.
"""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from complaints.services import complaint_file
from dashboards.services import summary_refresh
from placements.models import Flag
from placements.rules import engine
from tests.builders import make_worker
from tests.conftest import PASSWORD
from tests.e2e.helpers import log_in, pass_second_factor, place
from workers.models import FamilyContact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur

PUBLIC = [
    "/",
    "/daftar/",
    "/daftar/status/",
    "/cek-p3mi/",
    "/cek-job-order/",
    "/pengaduan/",
    "/pengaduan/lacak/",
    "/hak-data/",
    "/hak-data/lacak/",
    "/kantor-layanan/",
    "/halaman-yang-tidak-ada/",  # the 404 page
]
DPRD = [
    "/dprd/wilayah/18.07/",
    "/dprd/wilayah/18.07.01/",
    "/dprd/wilayah/18.07/prioritas-sosialisasi/",
    "/dprd/wilayah/18.07/ringkasan/",
]
ADMIN = [
    "/admin/",
    "/admin/workers/worker/",
    "/admin/workers/worker/{worker}/change/",
    "/admin/placements/flag/{flag}/review/confirm/",
    "/admin/complaints/complaint/{complaint}/change/",
]


@pytest.fixture
def scene(regions):
    """A worker with a family contact and a flagged placement, a complaint from her village, and a
    refreshed DPRD summary: every admin page has a record to show."""
    worker = make_worker(VILLAGE, full_name="Siti Rahmawati", birth_date=datetime.date(1998, 4, 1))
    FamilyContact.objects.create(worker=worker, full_name="Suparman", relation="PARENT", phone="081234500001")
    placement = place(worker, "AXE-01", visa_type="TOURIST")
    engine.evaluate_placements(placement_ids=[placement.pk])
    complaint, _code = complaint_file(
        category="UNPAID_WAGES",
        phase="MASA",
        description="Gaji tidak dibayar tiga bulan.",
        anonymous=True,
        village_code=VILLAGE,
    )
    summary_refresh()
    return {
        "worker": worker.pk,
        "flag": Flag.objects.filter(placement=placement).values_list("pk", flat=True).first(),
        "complaint": complaint.pk,
    }


def dprd_sign_in(context: BrowserContext) -> Page:
    page = context.new_page()
    page.goto("/dprd/masuk/")
    page.locator("#id_username").fill("dprd.lampungtimur")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form:has(#id_password) [type=submit]").click()
    pass_second_factor(page, "dprd.lampungtimur")
    page.wait_for_url(re.compile(r"/dprd/wilayah/"))
    return page


def violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    # Every rule axe runs by default (WCAG 2.x A/AA and best practices), every impact.
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )


def report(url: str, found: list[dict]) -> str:
    lines = [f"{len(found)} axe violation(s) on {url}:"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"][:10])
        if len(v["targets"]) > 10:
            lines.append(f"    ... and {len(v['targets']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("who", "url"),
    [("public", u) for u in PUBLIC] + [("dprd", u) for u in DPRD] + [("admin", u) for u in ADMIN],
)
def test_axe_finds_no_violation(who, url, request, browser_context_factory, scene):
    if who == "public":
        page = browser_context_factory(bypass_csp=True).new_page()
    elif who == "dprd":
        request.getfixturevalue("dprd_lampungtimur")
        page = dprd_sign_in(browser_context_factory(viewport=DESKTOP, bypass_csp=True))
    else:
        request.getfixturevalue("admin_user")
        page = log_in(browser_context_factory(viewport=DESKTOP, bypass_csp=True), "admin")
    url = url.format(**scene)
    response = page.goto(url)
    assert response is not None
    assert response.status == (404 if url == PUBLIC[-1] else 200), url
    found = violations(page)
    assert not found, report(url, found)
