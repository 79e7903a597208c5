"""An officer of BP3MI Lampung works through the review queue in the admin, in Indonesian: she confirms
one flag and dismisses another (a dismissal needs a reason). An officer of Jawa Timur sees neither.

Everything through the real pages: the admin login form, the flag list, the flag page's object tools
and the review form.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from placements.models import Flag, FlagReview
from placements.rules import engine
from tests.builders import make_worker
from tests.e2e.helpers import log_in, place
from workers.models import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}  # officers work at a desk
LAMPUNG_TIMUR_VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur)
CRITICAL = "Kritis: kemungkinan tindak pidana"
HIGH = "Tinggi: wajib dibereskan sebelum berangkat"
CONFIRM_REASON = "Paspor dicap visa turis, bukan visa kerja."
DISMISS_REASON = "Pelabuhan Bakauheni adalah tempat pemeriksaan imigrasi resmi; data salah ketik."
CHANGE_URL = re.compile(r"/admin/placements/flag/\d+/change/$")
LIST_URL = re.compile(r"/admin/placements/flag/$")


def register(nik: str, village: str, full_name: str) -> Worker:
    return make_worker(
        village, nik=nik, full_name=full_name, birth_date=datetime.date(1999, 5, 17), birth_place="Metro"
    )


@pytest.fixture
def flagged(regions):
    """A Lampung worker with two placements that break critical rules (the second also two high ones),
    and a Jawa Timur worker with one; the rule engine has run for all three."""
    siti = register("1807015705990001", LAMPUNG_TIMUR_VILLAGE, "Siti Rahmawati")
    ani = register("3578015705990002", SURABAYA_VILLAGE, "Ani Lestari")
    placements = [
        place(siti, "LPG-VISA-01", visa_type="TOURIST"),  # NP-VISA
        # NP-EXIT; departing with no documents or BPJS on record also gives NP-DOCS and NP-BPJS.
        place(
            siti,
            "LPG-EXIT-01",
            departure_date=datetime.date(2026, 3, 2),
            opp_date=datetime.date(2026, 2, 20),  # orientation on record: NP-OPP stays out of this story
            exit_point="Pelabuhan rakyat Dumai",
            official_exit=False,
        ),
        place(ani, "JTM-VISA-01", visa_type="TOURIST"),  # NP-VISA, in Jawa Timur
    ]
    engine.evaluate_placements(placement_ids=[p.pk for p in placements])
    flags = {
        (flag.placement.external_id, flag.rule): flag for flag in Flag.objects.select_related("placement")
    }
    assert set(flags) == {
        ("LPG-VISA-01", "NP-VISA"),
        ("LPG-EXIT-01", "NP-EXIT"),
        ("LPG-EXIT-01", "NP-DOCS"),
        ("LPG-EXIT-01", "NP-BPJS"),
        ("JTM-VISA-01", "NP-VISA"),
    }
    return flags


def row_of(page: Page, external_id: str, rule: str):
    return page.locator("#result_list tbody tr").filter(has_text=external_id).filter(has_text=f"{rule}:")


def open_flag(page: Page, external_id: str, rule: str) -> None:
    row_of(page, external_id, rule).locator("th a").click()
    page.wait_for_url(CHANGE_URL)
    expect(page.locator("#content")).to_contain_text(rule)


def test_officer_confirms_one_flag_and_dismisses_another_with_a_reason(
    browser_context_factory, officer_lampung, officer_jatim, flagged, artifacts_dir
):
    visa, exit_ = flagged[("LPG-VISA-01", "NP-VISA")], flagged[("LPG-EXIT-01", "NP-EXIT")]
    page = log_in(browser_context_factory(viewport=DESKTOP), "officer.lampung")

    # The queue: her office's four open flags, the critical ones first.
    page.goto("/admin/placements/flag/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(4)
    assert page.locator("#result_list tbody .field-severity").all_inner_texts() == [CRITICAL] * 2 + [HIGH] * 2
    expect(row_of(page, "LPG-VISA-01", "NP-VISA")).to_contain_text("Bukan visa kerja")
    expect(row_of(page, "LPG-EXIT-01", "NP-EXIT")).to_contain_text(
        "Berangkat melalui jalur keluar tidak resmi"
    )
    expect(page.locator("#result_list")).not_to_contain_text("JTM-VISA-01")

    # Confirm the tourist visa.
    open_flag(page, "LPG-VISA-01", "NP-VISA")
    page.locator(".object-tools").get_by_role("link", name="Konfirmasi", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/placements/flag/{visa.pk}/review/confirm/$"))
    expect(page.locator("#content h1").filter(has_text="NP-VISA")).to_have_text("Tinjau tanda: NP-VISA")
    expect(page.locator("#content")).to_contain_text("Visa turis")  # the evidence, in Indonesian
    page.get_by_role("button", name="Konfirmasi", exact=True).click()
    # Confirming needs a reason too.
    expect(page.locator("form .errorlist")).to_have_text("Tuliskan alasan membenarkan tanda ini.")
    page.locator("#id_reason").fill(CONFIRM_REASON)
    page.get_by_role("button", name="Konfirmasi", exact=True).click()
    page.wait_for_url(LIST_URL)
    expect(page.locator("ul.messagelist li.success")).to_have_text("Keputusan dicatat.")
    # Reviewed flags leave the open queue.
    expect(rows).to_have_count(3)
    expect(row_of(page, "LPG-VISA-01", "NP-VISA")).to_have_count(0)

    # Dismiss the exit point: not without a reason.
    open_flag(page, "LPG-EXIT-01", "NP-EXIT")
    page.locator(".object-tools").get_by_role("link", name="Abaikan", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/placements/flag/{exit_.pk}/review/dismiss/$"))
    page.get_by_role("button", name="Abaikan", exact=True).click()
    expect(page.locator("ul.messagelist li.error")).to_have_text("Tuliskan alasan mengabaikan tanda ini.")
    expect(page.locator("form .errorlist")).to_have_text("Tuliskan alasan mengabaikan tanda ini.")
    assert Flag.objects.get(pk=exit_.pk).status == "OPEN"
    page.locator("#id_reason").fill(DISMISS_REASON)
    page.get_by_role("button", name="Abaikan", exact=True).click()
    page.wait_for_url(LIST_URL)
    expect(page.locator("ul.messagelist li.success")).to_have_text("Keputusan dicatat.")
    expect(rows).to_have_count(2)

    # The reviewed queue shows both decisions.
    page.goto("/admin/placements/flag/?queue=reviewed")
    expect(rows).to_have_count(2)
    expect(row_of(page, "LPG-VISA-01", "NP-VISA")).to_contain_text("Dikonfirmasi")
    expect(row_of(page, "LPG-EXIT-01", "NP-EXIT")).to_contain_text("Diabaikan")
    page.screenshot(path=str(artifacts_dir / "flag_review.png"), full_page=True)

    visa.refresh_from_db()
    exit_.refresh_from_db()
    assert (visa.status, exit_.status) == ("CONFIRMED", "DISMISSED")
    reviews = list(
        FlagReview.objects.order_by("id").values_list("flag_id", "reviewer_id", "decision", "reason")
    )
    assert reviews == [
        (visa.pk, officer_lampung.pk, "CONFIRM", CONFIRM_REASON),
        (exit_.pk, officer_lampung.pk, "DISMISS", DISMISS_REASON),
    ]
    assert set(Flag.objects.filter(status="OPEN").values_list("rule", flat=True)) == {
        "NP-DOCS",
        "NP-BPJS",
        "NP-VISA",  # Jawa Timur's
    }

    # An officer of Jawa Timur, in a browser of her own, sees only her province's flag.
    jatim = log_in(browser_context_factory(viewport=DESKTOP), "officer.jatim")
    jatim.goto("/admin/placements/flag/?queue=all")
    jatim_rows = jatim.locator("#result_list tbody tr")
    expect(jatim_rows).to_have_count(1)
    expect(jatim_rows).to_contain_text("JTM-VISA-01")
    expect(jatim.locator("#content")).not_to_contain_text("LPG-")
    for flag in (visa, exit_):
        for url in (
            f"/admin/placements/flag/{flag.pk}/change/",
            f"/admin/placements/flag/{flag.pk}/review/confirm/",
        ):
            response = jatim.goto(url)
            assert response is not None and response.status == 404, url


def test_the_review_page_has_one_main_heading(client, officer_lampung, flagged):
    client.force_login(officer_lampung)
    flag = flagged[("LPG-VISA-01", "NP-VISA")]
    response = client.get(f"/admin/placements/flag/{flag.pk}/review/confirm/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), flags=re.S)
    assert headings == ["Tinjau tanda: NP-VISA"]
