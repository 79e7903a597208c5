"""A woman attaches the photo of her daughter's pay slip, makes a mistake in the form, and the photo is
still there when she corrects it: with JavaScript and without, in Chromium (issue 14 item 5)."""

import re

import pytest
from playwright.sync_api import Page, expect

from complaints.models import Attachment
from tests.complaints.builders import REAL_PNG as PNG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Anak saya di Taiwan belum digaji tiga bulan. Ini foto slip gajinya."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


def fill_about_her(page: Page) -> None:
    page.get_by_label("Selama bekerja di luar negeri").check()
    page.locator("#id_reporter_relation").select_option(label="Keluarga pekerja")
    page.locator("#id_reporter_phone").fill("0813 1111 2222")


def send(page: Page) -> None:
    page.get_by_role("button", name="Kirim laporan").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_photo_survives_a_validation_error(browser_context_factory, tmp_path, javascript):
    slip = tmp_path / "slip-gaji.png"
    slip.write_bytes(PNG)
    page = browser_context_factory(java_script_enabled=javascript).new_page()
    page.goto("/pengaduan/")
    expect(page.locator("#id_category")).to_have_value("")  # nothing preselected

    # She forgets the category and writes too little.
    fill_about_her(page)
    page.locator("#id_description").fill("belum gaji")
    page.locator("#id_attachment").set_input_files(str(slip))
    send(page)

    expect(page.locator("#id_category_error")).to_be_visible()
    expect(page.locator("#held-upload")).to_contain_text("slip-gaji.png")
    page.locator("#id_category").select_option(label="Gaji tidak dibayar")
    page.locator("#id_description").fill(DESCRIPTION)
    send(page)

    page.wait_for_url(re.compile(r"/pengaduan/terkirim/$"))
    assert Attachment.objects.get().original_name == "slip-gaji.png"


def test_the_photo_survives_a_region_refresh_without_javascript(browser_context_factory, tmp_path):
    slip = tmp_path / "slip-gaji.png"
    slip.write_bytes(PNG)
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto("/pengaduan/")
    page.locator("#id_category").select_option(label="Gaji tidak dibayar")
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_attachment").set_input_files(str(slip))
    fill_about_her(page)

    page.locator("#id_village-province").select_option("18")
    page.locator("button[name=_cascade]").click()

    expect(page.locator("#id_village-regency option[value='18.07']")).to_have_count(1)
    expect(page.locator("#held-upload")).to_contain_text("slip-gaji.png")
    page.locator("#id_village-regency").select_option("18.07")
    send(page)

    page.wait_for_url(re.compile(r"/pengaduan/terkirim/$"))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "slip-gaji.png"
