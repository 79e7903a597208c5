"""The worker's data package reads its parts by hand-written SQL (P9): the same values, formats and order
as the records themselves hold, on PostgreSQL and SQLite alike."""

import datetime

import pytest
import time_machine

from accounts.models import AccessLog
from tests.workers.builders import make_worker
from workers.models import ConsentEvent, FamilyContact
from workers.selectors import worker_data_package
from workers.services import document_upsert

pytestmark = pytest.mark.django_db


def test_every_part_carries_the_records_values_in_their_order_and_iso_formats():
    worker = make_worker()
    FamilyContact.objects.create(worker=worker, full_name="Ibu Sari", relation="ibu", phone="081200000001")
    document_upsert(worker=worker, doc_type="PASSPORT", number="C1234567", issuer="Kanim Lampung")
    document_upsert(worker=worker, doc_type="MEDICAL", number="MED-0009", issuer="Klinik")
    passport = worker.documents.get(doc_type="PASSPORT")
    passport.expiry_date = datetime.date(2031, 5, 15)
    passport.save(update_fields=["expiry_date"])
    # A whole second, then a fraction PostgreSQL would print with its trailing zeros trimmed.
    for when, action in ((datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC), "VIEW"),
                         (datetime.datetime(2026, 6, 1, 9, 0, 0, 500_000, tzinfo=datetime.UTC), "EXPORT")):  # fmt: skip
        with time_machine.travel(when, tick=False):
            AccessLog.objects.create(
                username="officer.lampung", action=action, subject_type="worker", subject_id=str(worker.pk)
            )
    AccessLog.objects.create(username="x", action="VIEW", subject_type="complaint", subject_id=str(worker.pk))

    package = worker_data_package(worker=worker)

    assert package["family_contacts"] == [
        {"full_name": "Ibu Sari", "relation": "ibu", "phone": "081200000001", "address": ""}
    ]
    assert [(d["type"], d["number_last4"], d["expiry_date"]) for d in package["documents"]] == [
        ("MEDICAL", "0009", None),
        ("PASSPORT", "4567", "2031-05-15"),
    ]
    consents = list(ConsentEvent.objects.filter(worker=worker).order_by("at", "id"))
    assert [(c["purpose"], c["granted"], c["at"]) for c in package["consent_history"]] == [
        (c.purpose, True, c.at.isoformat()) for c in consents
    ]
    trail = AccessLog.objects.filter(subject_type="worker", subject_id=str(worker.pk)).order_by("-at", "-id")
    assert [(a["at"], a["action"]) for a in package["access_trail"]] == [
        (entry.at.isoformat(), entry.action) for entry in trail
    ]
    assert [a["action"] for a in package["access_trail"]] == ["EXPORT", "VIEW"]
