"""Issue 17 item 6: one helper turns a service's `ApplicationError` into what the admin shows.

A service that refuses a save from the admin's own add or change form (a rule, or the scope checked again
after the form) must give the officer its message and save nothing, never a server error.
"""

import pytest

import placements.admin
from placements.models import Placement
from portal.errors import ApplicationError
from tests.placements.builders import make_worker
from tests.placements.pages import text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/placements/placement/add/"


def refusing_service(**kwargs):
    raise ApplicationError(
        "Penempatan ini ditolak oleh aturan.", code="refused", fields={"worker": ["Tidak."]}
    )


def test_a_service_refusing_the_admin_form_shows_its_message_and_saves_nothing(
    client, officer_lampung, monkeypatch
):
    worker = make_worker()
    monkeypatch.setattr(placements.admin, "placement_save", refusing_service)
    client.force_login(officer_lampung)

    response = client.post(
        ADD_URL,
        {"source": "portal", "external_id": "REFUSED-1", "worker": worker.pk, "scheme": "P2P",
         "fee_items-TOTAL_FORMS": "0", "fee_items-INITIAL_FORMS": "0",
         "return_record-TOTAL_FORMS": "0", "return_record-INITIAL_FORMS": "0"},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    assert "Penempatan ini ditolak oleh aturan." in text(response)
    assert not Placement.objects.filter(external_id="REFUSED-1").exists()
