"""A woman registers on her phone, an officer of her BP3MI office verifies her, she sees it in her status.

Everything in Indonesian (the phone's locale), through the real pages: the public form with its htmx
region cascade, the status check, and the admin with its login form, search box and verify button.
"""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.helpers import choose_and_wait_for_next, log_in
from workers.models import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REGISTRATION_NUMBER = re.compile(r"^CPMI-[A-Z0-9]{5}-[A-Z0-9]{5}$")
BIRTH_DATE = "1999-05-17"
# District 18.07.01 (Lampung Timur), born 17-05-1999 as a woman (17 + 40 = 57), serial 0001.
NIK_WOMAN = "180701" + "570599" + "0001"
# The same person's NIK had she been a man: day 17 without the 40.
NIK_MAN = "180701" + "170599" + "0001"


def fill_registration(page: Page, *, nik: str, sex: str) -> None:
    page.goto("/daftar/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.locator("#id_nik").fill(nik)
    page.locator("#id_full_name").fill("Siti Rahmawati")
    page.locator(f"input[name=sex][value={sex}]").check()
    page.locator("#id_birth_date").fill(BIRTH_DATE)
    page.locator("#id_birth_place").fill("Metro")

    choose_and_wait_for_next(page, "province", "18", "regency", prefix="domicile")
    choose_and_wait_for_next(page, "regency", "18.07", "district", prefix="domicile")
    choose_and_wait_for_next(page, "district", "18.07.01", "village", prefix="domicile")
    village = page.locator("#id_domicile-village option").nth(1).get_attribute("value")
    assert village and village.startswith("18.07.01.")
    choose_and_wait_for_next(page, "village", village, None, prefix="domicile")

    page.locator("#id_phone").fill("0812 3456 7890")
    page.locator("#id_family_name").fill("Sulastri")
    page.locator("#id_family_relation").select_option("PARENT")
    page.locator("#id_family_phone").fill("0813 1111 2222")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Kirim pendaftaran saya").click()


def check_status(page: Page, number: str) -> None:
    page.goto("/daftar/status/")
    page.locator("#id_registration_number").fill(number)
    page.locator("#id_birth_date").fill(BIRTH_DATE)
    page.get_by_role("button", name="Cek", exact=True).click()


def officer_verifies(context: BrowserContext, number: str) -> None:
    page = log_in(context, "officer.lampung")

    page.goto("/admin/workers/worker/")
    page.locator("#searchbar").fill(number)
    page.locator("#changelist-search [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/workers/worker/\?q="))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/workers/worker/\d+/change/"))

    page.locator(".object-tools").get_by_role("link", name="Verifikasi", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/workers/worker/\d+/verify/"))
    page.get_by_role("button", name="Ya, verifikasi").click()

    page.wait_for_url(re.compile(r"/admin/workers/worker/\d+/change/"))
    expect(page.locator("ul.messagelist li.success")).to_have_text("Pendaftaran sudah diverifikasi.")
    # Once verified, there is nothing left to verify.
    expect(page.locator(".object-tools").get_by_role("link", name="Verifikasi", exact=True)).to_have_count(0)


def test_woman_registers_on_her_phone_and_sees_her_registration_verified(
    browser_context_factory, officer_lampung, artifacts_dir
):
    visitor = browser_context_factory().new_page()

    # 1-2. Register; the done page shows the registration number.
    fill_registration(visitor, nik=NIK_WOMAN, sex="F")
    visitor.wait_for_url(re.compile(r"/daftar/selesai/$"))
    number_cell = visitor.locator("#registration-number")
    expect(number_cell).to_have_text(re.compile(r"CPMI-"))
    number = number_cell.inner_text().strip()
    assert REGISTRATION_NUMBER.match(number), number
    visitor.screenshot(path=str(artifacts_dir / "registration_done.png"), full_page=True)

    # 3. Status check: waiting for verification.
    check_status(visitor, number)
    result = visitor.locator("#status-result")
    expect(result.get_by_role("heading", level=2)).to_have_text(number)
    expect(result.locator(".status")).to_contain_text("Menunggu verifikasi")

    # 4. An officer of BP3MI Lampung, in a browser of her own, finds and verifies the registration.
    officer_verifies(browser_context_factory(), number)

    # 5. The visitor checks again.
    check_status(visitor, number)
    result = visitor.locator("#status-result")
    expect(result.locator(".status")).to_contain_text("Terverifikasi")
    expect(result.locator(".status")).not_to_contain_text("Menunggu")
    visitor.screenshot(path=str(artifacts_dir / "registration_status_verified.png"), full_page=True)

    worker = Worker.objects.get(registration_number=number)
    assert (worker.status, worker.sex, worker.verified_by_id) == ("VERIFIED", "F", officer_lampung.pk)
    assert worker.domicile_village_id.startswith("18.07.01.")


def test_nik_of_a_man_with_sex_female_is_refused_next_to_the_nik_field(page: Page):
    fill_registration(page, nik=NIK_MAN, sex="F")

    page.wait_for_url(re.compile(r"/daftar/$"))
    expect(page.locator("#id_nik_error")).to_have_text(
        re.compile(r"NIK ini tidak cocok dengan jenis kelamin yang Anda pilih")
    )
    # Only the NIK is wrong: no other field reports an error.
    expect(page.locator(".field .error")).to_have_count(1)
    # What was typed is kept.
    expect(page.locator("#id_full_name")).to_have_value("Siti Rahmawati")
    assert not Worker.objects.exists()
