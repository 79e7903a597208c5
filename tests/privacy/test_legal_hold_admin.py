"""Legal holds in the admin: placed and lifted by supervisors through the services, seen by region."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.services import user_upsert
from privacy.models import LegalHold
from privacy.services import legal_hold_place
from tests.builders import SURABAYA, make_worker
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADD = "admin:privacy_legalhold_add"
LIST = "admin:privacy_legalhold_changelist"


@pytest.fixture
def supervisor(office_lampung):
    return user_upsert(username="sup.lampung", password=PASSWORD, role=Role.SUPERVISOR, office=office_lampung)


def test_a_supervisor_places_a_hold_through_the_service_and_lifts_it_with_a_reason(client, supervisor):
    worker = make_worker()
    client.force_login(supervisor)
    response = client.post(reverse(ADD), {"worker": worker.pk, "complaint": "", "reason": "Penyidikan"})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.worker, hold.placed_by, hold.active) == (worker, supervisor, True)

    change = reverse("admin:privacy_legalhold_change", args=[hold.pk])
    assert client.post(change, {"lift_reason": "Perkara selesai"}).status_code == 302
    hold.refresh_from_db()
    assert (hold.active, hold.lifted_by, hold.lift_reason) == (False, supervisor, "Perkara selesai")


def test_a_hold_names_one_record(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse(ADD), {"worker": "", "complaint": "", "reason": "Tanpa subjek"})
    assert not LegalHold.objects.exists()
    assert "satu pekerja atau satu pengaduan" in response.content.decode()


def test_a_supervisor_cannot_hold_a_person_outside_the_region(client, supervisor):
    elsewhere = make_worker(SURABAYA)
    client.force_login(supervisor)
    response = client.post(reverse(ADD), {"worker": elsewhere.pk, "complaint": "", "reason": "Penyidikan"})
    assert response.status_code == 200  # the form answers: not a choice
    assert not LegalHold.objects.exists()


def test_officers_see_their_regions_holds_and_place_none(client, officer_lampung, admin_user):
    here = legal_hold_place(
        actor=admin_user, worker=make_worker(full_name="Warga Lampung"), reason="Perkara A"
    )
    legal_hold_place(
        actor=admin_user, worker=make_worker(SURABAYA, full_name="Warga Surabaya"), reason="Perkara B"
    )
    client.force_login(officer_lampung)
    page = client.get(reverse(LIST)).content.decode()
    assert here.worker.registration_number in page and "Perkara B" not in page
    assert client.get(reverse(ADD)).status_code == 403
