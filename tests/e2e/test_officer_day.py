"""An officer's day (issue 15, item 7), in Chromium, in Indonesian, as one story: she signs in with her
second factor, opens her workbench, verifies a registration and its documents, reviews a flag with a
reason, takes a complaint from unassigned to resolved and imports a CSV (a dry run, then for real); her
supervisor merges a duplicate registration. Every step through the real admin pages."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.services import user_upsert
from complaints.choices import Status
from placements.models import Flag, Placement
from placements.rules import engine
from portal.exchange import PLACEMENT_COLUMNS
from tests.builders import make_worker
from tests.complaints.builders import file_complaint
from tests.conftest import PASSWORD
from tests.e2e.helpers import log_in, place
from tests.placements.test_import_help import placement_row
from workers.models import Document, Worker
from workers.services import document_upsert

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
SUKADANA = "18.07.01.2001"
REASON = "Paspor dicap visa turis, bukan visa kerja."


@pytest.fixture
def day(regions, officer_lampung, office_lampung):
    """Her office's morning: a new registration with a passport, a placement on a tourist visa, an
    unassigned complaint and two registrations of one person."""
    user_upsert(username="supervisor.lampung", password=PASSWORD, role=Role.SUPERVISOR,
                office=office_lampung)  # fmt: skip
    rina = make_worker(SUKADANA, full_name="Rina Marlina")
    document_upsert(worker=rina, doc_type="PASSPORT", number="C1807123", issuer="Kanim Lampung")
    tourist = place(make_worker(SUKADANA, full_name="Siti Rahmawati"), "LPG-VISA-01", visa_type="TOURIST")
    engine.evaluate_placements(placement_ids=[tourist.pk])
    complaint, _code = file_complaint(village_code=SUKADANA, reporter_name="Pelapor Sukadana")
    twins = [make_worker(SUKADANA, full_name="Dewi Kembar") for _ in range(2)]
    Worker.objects.filter(pk__in=[t.pk for t in twins]).update(possible_duplicate=True)
    return {"rina": rina, "flag": Flag.objects.get(placement=tourist, rule="NP-VISA"), "complaint": complaint,
            "twins": twins}  # fmt: skip


def success(page: Page, text: str) -> None:
    expect(page.locator("ul.messagelist li.success").first).to_contain_text(text)


def complaint_step(page: Page, action: str, **fields) -> None:
    page.locator(f".object-tools a.complaint-action-{action}").click()
    for name, value in fields.items():
        field = page.locator(f"#id_{name}")
        if name == "outcome":
            field.select_option(value)
        else:
            field.fill(value)
    page.locator("#content form input.default[type=submit]").click()
    success(page, "Tersimpan.")


def test_an_officers_day(browser_context_factory, day):
    page = log_in(browser_context_factory(viewport=LAPTOP), "officer.lampung")

    # The workbench on the admin index.
    expect(page.locator("#workbench")).to_be_visible()
    expect(page.locator("#workbench h2")).to_have_text("Pekerjaan saya")

    # Verify Rina's passport, then her registration.
    rina = day["rina"]
    documents = page.locator("#workbench tr").filter(has_text="Dokumen yang perlu diperiksa")
    expect(documents.locator(".workbench-count")).to_have_text("1")
    documents.locator("a").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.locator("#result_list tbody tr").filter(has_text="Rina Marlina").locator(
        "input.action-select"
    ).check()
    page.locator("select[name=action]").select_option("mark_verified")
    page.locator("button[name=index]").click()
    success(page, "Dokumen sudah diverifikasi.")
    page.goto(f"/admin/workers/worker/{rina.pk}/change/")
    page.locator(".object-tools a.verify-link").click()
    page.locator("#content form input.default[type=submit]").click()
    success(page, "Pendaftaran sudah diverifikasi.")
    assert Worker.objects.get(pk=rina.pk).status == "VERIFIED"
    assert Document.objects.get(worker=rina).verification == "VERIFIED"

    # Review the tourist-visa flag: confirmed, with a reason.
    flag = day["flag"]
    page.goto(f"/admin/placements/flag/{flag.pk}/change/")
    page.locator(".object-tools").get_by_role("link", name="Konfirmasi", exact=True).click()
    page.wait_for_url(re.compile(r"/review/confirm/$"))
    page.locator("#id_reason").fill(REASON)
    page.get_by_role("button", name="Konfirmasi", exact=True).click()
    success(page, "Keputusan dicatat.")
    assert Flag.objects.get(pk=flag.pk).status == "CONFIRMED"

    # The complaint, from the unassigned queue to resolved.
    complaint = day["complaint"]
    page.goto("/admin/")
    unassigned = page.locator("#workbench tr").filter(has_text="Belum ditugaskan")
    expect(unassigned.locator(".workbench-count")).to_have_text("1")
    unassigned.locator("a").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_url(re.compile(rf"/admin/complaints/complaint/{complaint.pk}/change/"))
    complaint_step(page, "assign")
    complaint_step(page, "verified")
    complaint_step(page, "in_progress")
    complaint_step(
        page,
        "resolved",
        outcome="WAGES_RECOVERED",
        wages_recovered_idr="4500000",
        public_note="Gaji sudah dibayar oleh pemberi kerja.",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED and complaint.assignee.username == "officer.lampung"

    # Import a placement CSV: a dry run writes nothing, the real run loads the row.
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PLACEMENT_COLUMNS, restval="")
    writer.writeheader()
    writer.writerow(placement_row())
    files = {"name": "placements.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}
    for dry_run in (True, False):
        page.goto("/admin/placements/placement/import/")
        page.locator("#id_kind").select_option("placements")
        page.locator("#id_file").set_input_files(files)
        page.locator("#id_dry_run").set_checked(dry_run)
        page.locator("#content form input.default[type=submit]").click()
        expect(page.locator(".import-report")).to_contain_text("1 baris dimuat (1 baru, 0 berubah, 0 tetap)")
        if dry_run:
            expect(page.locator(".import-report")).to_contain_text("Uji coba: tidak ada yang ditulis.")
            assert not Placement.objects.filter(external_id="LTIM-1").exists()
    assert Placement.objects.get(external_id="LTIM-1").worker.full_name == "Siti Aminah"

    # Her supervisor merges the duplicate registration.
    page = log_in(browser_context_factory(viewport=LAPTOP), "supervisor.lampung")
    keep, drop = day["twins"]
    page.goto("/admin/workers/worker/?possible_duplicate__exact=1")
    for twin in (keep, drop):
        page.locator(f"input.action-select[value='{twin.pk}']").check()
    page.locator("select[name=action]").select_option("merge_duplicates")
    page.locator("button[name=index]").click()
    page.locator(f"#survivor-{keep.pk}").check()
    page.locator("#content form input.default[type=submit]").click()
    success(page, f"digabung ke {keep.registration_number}")
    assert list(Worker.objects.filter(full_name="Dewi Kembar").values_list("pk", flat=True)) == [keep.pk]
