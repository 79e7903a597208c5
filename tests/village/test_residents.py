"""The desk's Warga page: residents of the officer's villages, searchable, paginated, logged, and nothing
of anybody else, no document file and no complaint content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessAction, AccessLog
from placements.models import ReturnRecord
from tests.builders import SUKADANA, SURABAYA, make_worker
from tests.complaints.builders import file_complaint
from tests.placements.builders import make_placement

pytestmark = pytest.mark.django_db

NEIGHBOUR = "18.07.01.2002"
URL = reverse("village:residents")


def test_the_page_lists_the_residents_of_the_village_with_their_placement(desk):
    worker = make_worker(SUKADANA, full_name="Rina Sukadana")
    placement = make_placement(
        worker, destination_country_id="TW", departure_date=datetime.date(2025, 3, 1), phase="PURNA"
    )
    ReturnRecord.objects.create(
        placement=placement, return_date=datetime.date(2026, 2, 1), reason="CONTRACT_END"
    )
    make_worker(NEIGHBOUR, full_name="Dewi Tetangga")
    make_worker(SURABAYA, full_name="Dewi Suroboyo")

    body = desk.get(URL).content.decode()

    assert "Rina Sukadana" in body
    assert worker.registration_number in body
    assert worker.nik_last4 in body
    assert "Taiwan" in body
    assert "01/03/2025" in body or "1 Maret 2025" in body or "2025-03-01" in body
    assert "2026-02-01" in body or "01/02/2026" in body or "1 Februari 2026" in body
    assert "Dewi Tetangga" not in body
    assert "Dewi Suroboyo" not in body


def test_the_page_shows_no_complaint_content_and_no_document_file(desk):
    worker = make_worker(SUKADANA, full_name="Rina Sukadana")
    complaint, _code = file_complaint(
        village_code=SUKADANA, reporter_name="Pelapor Rahasia", description="Gaji tidak dibayar sejak Mei"
    )

    body = desk.get(URL).content.decode()

    assert worker.full_name in body
    assert complaint.ticket not in body
    assert "Pelapor Rahasia" not in body
    assert "Gaji tidak dibayar" not in body
    assert "/media/" not in body and "documents/" not in body


@pytest.mark.parametrize("query", ["rina", "Sukadana Rina"])
def test_search_by_name(desk, query):
    make_worker(SUKADANA, full_name="Rina Sukadana")
    make_worker(SUKADANA, full_name="Yanti Lestari")

    body = desk.get(URL, {"q": query}).content.decode()

    assert "Rina Sukadana" in body
    assert "Yanti Lestari" not in body


def test_search_by_registration_number(desk):
    wanted = make_worker(SUKADANA, full_name="Rina Sukadana")
    make_worker(SUKADANA, full_name="Yanti Lestari")

    body = desk.get(URL, {"q": wanted.registration_number.lower()}).content.decode()

    assert "Rina Sukadana" in body
    assert "Yanti Lestari" not in body


def test_search_never_reaches_outside_the_village(desk):
    outsider = make_worker(NEIGHBOUR, full_name="Rina Tetangga")

    body = desk.get(URL, {"q": outsider.registration_number}).content.decode()

    assert "Rina Tetangga" not in body


def test_the_list_is_paginated(desk):
    for n in range(27):
        make_worker(SUKADANA, full_name=f"Warga Nomor {n:02d}")

    first = desk.get(URL).content.decode()
    second = desk.get(URL, {"page": 2}).content.decode()

    assert first.count("Warga Nomor") == 25
    assert second.count("Warga Nomor") == 2


def test_every_page_of_the_list_is_logged(desk, village_officer):
    make_worker(SUKADANA, full_name="Rina Sukadana")

    desk.get(URL, {"q": "rina"})

    entry = AccessLog.objects.get(action=AccessAction.LIST)
    assert entry.username == village_officer.username
    assert entry.subject_type == "worker"
    assert entry.detail["rows"] == 1
    assert entry.detail["filter"] == {"q": "rina"}


def test_the_query_count_is_the_same_for_ten_or_twenty_five_residents(desk):
    def people(n):
        for _ in range(n):
            make_placement(make_worker(SUKADANA))

    people(10)
    desk.get(URL)  # the session's first request writes it
    with CaptureQueriesContext(connection) as ten:
        desk.get(URL)
    people(15)
    with CaptureQueriesContext(connection) as many:
        desk.get(URL)

    assert len(many.captured_queries) == len(ten.captured_queries)
