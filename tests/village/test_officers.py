"""Village officers are created by a BP3MI administrator or supervisor, for villages inside the creator's
regions only; they hold the village role, no staff access, and sign in with the second factor."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import Role
from accounts.scoping import person_scope, village_scope
from accounts.services import user_upsert
from portal.errors import ApplicationError
from tests.builders import SUKADANA, SURABAYA
from tests.conftest import PASSWORD
from village.services import village_officer_create

pytestmark = pytest.mark.django_db
User = get_user_model()
ADD = reverse("admin:village_villageofficer_add")
NEW_PASSWORD = "Desa-Sukadana-2026!"


@pytest.fixture
def supervisor(db):
    return user_upsert(username="sup.lampung", password=PASSWORD, role=Role.SUPERVISOR, region_codes=["18"])


def add_form(**overrides):
    data = {"username": "desa.baru", "first_name": "Perangkat Desa Baru", "email": "",
            "villages": SUKADANA, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}  # fmt: skip
    data.update(overrides)
    return data


def test_a_supervisor_creates_a_village_officer_for_a_village_of_her_region(client, supervisor):
    client.force_login(supervisor)

    response = client.post(ADD, add_form())

    assert response.status_code == 302, response.content.decode()[:2000]
    officer = User.objects.get(username="desa.baru")
    assert list(officer.groups.values_list("name", flat=True)) == ["VILLAGE_OFFICER"]
    assert not officer.is_staff and not officer.is_superuser
    assert officer.check_password(NEW_PASSWORD)
    assert village_scope(officer).codes == (SUKADANA,)
    assert person_scope(officer) is None


@pytest.mark.parametrize(
    "villages", [SURABAYA, f"{SUKADANA}, {SURABAYA}", "18.07", "18.07.01.9999", "not a code", ""]
)
def test_villages_outside_the_creators_regions_or_not_villages_are_refused(client, supervisor, villages):
    client.force_login(supervisor)

    response = client.post(ADD, add_form(villages=villages))

    assert response.status_code in (200, 302)
    assert not User.objects.filter(username="desa.baru").exists()


def test_the_service_checks_the_scope_too(supervisor):
    with pytest.raises(ApplicationError):
        village_officer_create(
            creator=supervisor, username="x", password=NEW_PASSWORD, village_codes=[SURABAYA]
        )
    assert (
        village_officer_create(
            creator=supervisor, username="x", password=NEW_PASSWORD, village_codes=[SUKADANA]
        )
        .groups.filter(name="VILLAGE_OFFICER")
        .exists()
    )


def test_an_officer_cannot_create_village_officers(client, officer_lampung):
    client.force_login(officer_lampung)

    assert client.get(ADD).status_code == 403
    with pytest.raises(ApplicationError):
        village_officer_create(creator=officer_lampung, username="x", password=NEW_PASSWORD,
                               village_codes=[SUKADANA])  # fmt: skip


def test_an_administrator_creates_one_anywhere(client, admin_user):
    client.force_login(admin_user)

    client.post(ADD, add_form(villages=SURABAYA))

    assert village_scope(User.objects.get(username="desa.baru")).codes == (SURABAYA,)


def test_the_supervisor_lists_and_edits_only_the_village_officers_of_her_region(
    client, supervisor, admin_user
):
    ours = village_officer_create(creator=admin_user, username="desa.satu", password=NEW_PASSWORD,
                                  village_codes=[SUKADANA])  # fmt: skip
    theirs = village_officer_create(creator=admin_user, username="desa.dua", password=NEW_PASSWORD,
                                    village_codes=[SURABAYA])  # fmt: skip
    client.force_login(supervisor)

    body = client.get(reverse("admin:village_villageofficer_changelist")).content.decode()
    assert "desa.satu" in body and "desa.dua" not in body
    change = reverse("admin:village_villageofficer_change", args=[theirs.pk])
    assert client.get(change).status_code in (302, 404)

    response = client.post(
        reverse("admin:village_villageofficer_change", args=[ours.pk]),
        {"first_name": "Nama Baru", "email": "", "villages": f"{SUKADANA}, 18.07.01.2002", "is_active": "on"},
    )
    assert response.status_code == 302
    assert village_scope(User.objects.get(pk=ours.pk)).codes == (SUKADANA, "18.07.01.2002")


@pytest.mark.no_auto_otp
def test_a_new_village_officer_must_enrol_the_second_factor_before_the_desk(client, supervisor):
    officer = village_officer_create(creator=supervisor, username="desa.baru", password=NEW_PASSWORD,
                                     village_codes=[SUKADANA])  # fmt: skip

    response = client.post(reverse("village:login"), {"username": "desa.baru", "password": NEW_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("village:residents"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:second_factor_enrol"))
    assert officer.is_active
