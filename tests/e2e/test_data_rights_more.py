"""The other rights, end to end on a 360 px phone: a worker has her name corrected (the change history
shows before and after) and objects to a processing; another asks to be erased, is refused while a legal
hold stands, and is anonymised once it is lifted. Officers of BP3MI Lampung decide in the admin (password
and second factor); each person follows her request and reads the outcome."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import user_upsert
from privacy.models import AnonymisedRecord, LegalHold
from tests.conftest import PASSWORD
from tests.datarights.builders import registered
from tests.e2e.helpers import (
    NARROW,
    assert_fits,
    decide_data_request,
    file_data_request,
    log_in,
    track_data_request,
)
from workers.models import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOLD_REASON = "Penyidikan Polda Lampung atas penempatan ilegal"


@pytest.fixture
def supervisor_lampung(office_lampung):
    return user_upsert(username="sup.lampung", password=PASSWORD, role=Role.SUPERVISOR, office=office_lampung)


def test_a_worker_has_her_name_corrected_and_objects_to_a_processing(
    browser_context_factory, officer_lampung
):
    worker, nik = registered(full_name="Siti Rahyu")
    person = browser_context_factory(viewport=NARROW).new_page()
    officer = log_in(browser_context_factory(), "officer.lampung")

    # 1. She asks for her name to be corrected; the officer applies it through the worker service.
    number, code = file_data_request(
        person, worker, nik, "Perbaiki data saya",
        what_is_wrong="Nama saya tertulis Siti Rahyu", what_is_right="Siti Rahayu",
    )  # fmt: skip
    decide_data_request(
        officer, number, "Terapkan perbaikan",
        field="full_name", value="Siti Rahayu", note="Sesuai KTP.",
    )  # fmt: skip
    track_data_request(person, number, code)
    status = person.locator("#request-status")
    expect(status.locator(".outcome")).to_have_text("Data diperbaiki")
    expect(status.locator(".outcome-text")).to_have_text("Sudah diperbaiki: nama lengkap. Sesuai KTP.")
    assert_fits(person)
    worker.refresh_from_db()
    assert worker.full_name == "Siti Rahayu"

    # 2. The record's change history shows who changed the name, why, from what and to what.
    officer.goto(f"/admin/workers/worker/{worker.pk}/history/")
    latest = officer.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("officer.lampung")
    expect(latest).to_contain_text(f"data request {number}")
    change = latest.locator("li", has_text="nama lengkap")
    expect(change).to_contain_text(re.compile(r"Siti Rahyu\s*→\s*Siti Rahayu", re.I))

    # 3. She objects to a processing; the officer upholds it and says what stops.
    number, code = file_data_request(
        person, worker, nik, "Keberatan atas suatu pemrosesan",
        details="Saya tidak mau nomor HP saya dipakai untuk penyuluhan.",
    )  # fmt: skip
    answer = "Nomor HP Anda tidak lagi dipakai untuk undangan penyuluhan."
    decide_data_request(officer, number, "Terima keberatan", answer=answer)
    track_data_request(person, number, code)
    expect(status.locator(".outcome")).to_have_text("Keberatan diterima")
    expect(status.locator(".outcome-text")).to_have_text(answer)
    assert_fits(person)


def test_an_erasure_is_refused_under_a_legal_hold_and_granted_once_it_is_lifted(
    browser_context_factory, supervisor_lampung
):
    worker, nik = registered(full_name="Dewi Lestari")
    person = browser_context_factory(viewport=NARROW).new_page()
    supervisor = log_in(browser_context_factory(), "sup.lampung")

    # 1. She asks to be erased; a supervisor has placed a legal hold on her record meanwhile.
    number, code = file_data_request(person, worker, nik, "Hapus data saya")
    supervisor.goto("/admin/privacy/legalhold/add/")
    supervisor.locator("#id_worker").fill(str(worker.pk))
    supervisor.locator("#id_reason").fill(HOLD_REASON)
    supervisor.locator("input[type=submit][name=_save]").click()
    supervisor.wait_for_url(re.compile(r"/admin/privacy/legalhold/$"))
    hold = LegalHold.objects.get(worker=worker)

    # 2. The erasure is refused, and the hold is what she reads.
    decide_data_request(supervisor, number, "Hapus (anonimkan)")
    track_data_request(person, number, code)
    status = person.locator("#request-status")
    expect(status.locator(".status")).to_have_text("Ditolak")
    expect(status.locator(".outcome")).to_have_text("Tidak dihapus: undang-undang mewajibkan data disimpan")
    expect(status.locator(".outcome-text")).to_contain_text(HOLD_REASON)
    assert_fits(person)
    assert Worker.objects.get(pk=worker.pk).full_name == "Dewi Lestari"

    # 3. The hold is lifted; she asks again and is anonymised.
    supervisor.goto(f"/admin/privacy/legalhold/{hold.pk}/change/")
    supervisor.locator("#id_lift_reason").fill("Penyidikan dihentikan")
    supervisor.locator("input[type=submit][name=_save]").click()
    supervisor.wait_for_url(re.compile(r"/admin/privacy/legalhold/$"))
    number, code = file_data_request(person, worker, nik, "Hapus data saya")
    decide_data_request(supervisor, number, "Hapus (anonimkan)")
    track_data_request(person, number, code)
    expect(status.locator(".status")).to_have_text("Selesai")
    expect(status.locator(".outcome")).to_have_text("Data dianonimkan")
    expect(status.locator(".outcome-text")).to_contain_text("nama, NIK, kontak")
    assert_fits(person)

    # 4. Her name is gone from the record the officers see.
    assert AnonymisedRecord.objects.filter(kind="worker", object_id=worker.pk, reason="erasure").exists()
    assert "Dewi Lestari" not in Worker.objects.get(pk=worker.pk).full_name
    supervisor.goto(f"/admin/workers/worker/{worker.pk}/change/")
    expect(supervisor.locator("#content")).to_contain_text(worker.registration_number)
    assert "Dewi Lestari" not in supervisor.locator("#content").inner_text()
