"""Who reaches the village desk, and what a village code as scope lets a village officer see."""

import pytest
from django.urls import reverse

from accounts.scoping import person_scope, record_scope, village_scope
from complaints.models import Complaint
from placements.models import Placement
from tests.builders import SUKADANA, SURABAYA, make_worker
from tests.complaints.builders import file_complaint
from workers.models import Document, Worker

pytestmark = pytest.mark.django_db

NEIGHBOUR = "18.07.01.2002"  # another village of the same district


def test_a_village_code_as_scope_yields_the_residents_of_that_village_and_nobody_else(village_officer):
    own = make_worker(SUKADANA)
    make_worker(NEIGHBOUR)
    make_worker(SURABAYA)

    assert list(Worker.objects.visible_to(village_officer)) == [own]
    assert set(Document.objects.visible_to(village_officer).values_list("worker_id", flat=True)) <= {own.pk}
    assert not Placement.objects.visible_to(village_officer).exclude(worker=own).exists()


def test_a_village_officer_sees_no_complaint_even_from_the_village(village_officer):
    file_complaint(village_code=SUKADANA)

    assert not Complaint.objects.visible_to(village_officer).exists()


def test_a_village_officer_has_no_staff_scope(village_officer):
    # Staff-only endpoints (the admin, the staff API) ask person_scope: a village officer has none.
    assert person_scope(village_officer) is None
    assert village_scope(village_officer).codes == (SUKADANA,)
    assert record_scope(village_officer).codes == (SUKADANA,)


def test_a_village_officer_with_a_wider_code_on_the_profile_gets_only_the_villages(village_officer):
    village_officer.profile.region_codes = ["18.07", SUKADANA]
    village_officer.profile.save()

    assert village_scope(village_officer).codes == (SUKADANA,)


def test_staff_have_no_village_scope(officer_lampung, dprd_lampungtimur):
    assert village_scope(officer_lampung) is None
    assert village_scope(dprd_lampungtimur) is None


def test_the_desk_answers_its_village_officer(desk):
    response = desk.get(reverse("village:residents"))

    assert response.status_code == 200
    assert response.wsgi_request.villages == (SUKADANA,)


def test_the_desk_sends_an_anonymous_visitor_to_its_sign_in_page(client):
    response = client.get(reverse("village:residents"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("village:login"))


@pytest.mark.parametrize("persona", ["officer_lampung", "admin_user", "dprd_lampungtimur"])
def test_the_desk_refuses_every_other_role(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("village:residents")).status_code == 403


@pytest.mark.no_auto_otp
def test_the_desk_holds_a_village_officer_back_until_the_second_factor(client, village_officer):
    client.force_login(village_officer)

    response = client.get(reverse("village:residents"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_enrol"))


def test_the_sign_in_page_is_public(client):
    assert client.get(reverse("village:login")).status_code == 200


def test_an_officer_of_two_villages_chooses_one_and_the_desk_keeps_it(client):
    from accounts.roles import Role
    from accounts.services import user_upsert
    from tests.builders import SUKADANA
    from tests.conftest import PASSWORD

    officer = user_upsert(username="desa.dua", password=PASSWORD, role=Role.VILLAGE_OFFICER,
                          region_codes=[SUKADANA, NEIGHBOUR])  # fmt: skip
    client.force_login(officer)

    first = client.get("/desa/kabar/").content.decode()
    chosen = client.get(f"/desa/kabar/?desa={NEIGHBOUR}").content.decode()

    assert f'<option value="{NEIGHBOUR}">' in first and 'href="/desa/lembar/"' in first
    assert f'<option value="{NEIGHBOUR}" selected>' in chosen
    assert f'href="/desa/lembar/?desa={NEIGHBOUR}"' in chosen
    assert f'href="/desa/sosialisasi/?desa={NEIGHBOUR}"' in chosen
    assert client.get("/desa/kabar/?desa=18.07.02.2001").status_code == 404  # not one of hers
