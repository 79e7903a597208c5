"""Issue 11 item 1: every admin field that chooses a person draws its choices through `visible_to(user)`.

The audit found `/admin/placements/placement/add/?worker=<id>` showing the registration number and name of
any worker to an officer of another province, and saving a placement for her. These tests walk the
prefill, the raw-id label, the form's choices, a crafted POST and the saving service, and then every
registered admin, so that the next admin cannot reopen the path.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.admin_scoping import ScopedAdminMixin
from placements.models import Placement
from placements.services import placement_save
from portal.errors import ApplicationError
from tests.placements.builders import SURABAYA_VILLAGE, make_worker
from tests.placements.pages import text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/placements/placement/add/"


@pytest.fixture
def lampung_worker():
    return make_worker(full_name="Sri Lampungwati")


@pytest.fixture
def jatim_worker():
    return make_worker(village_code=SURABAYA_VILLAGE, full_name="Dewi Suroboyo")


def add_form_post(worker_id: int, **overrides) -> dict:
    data = {
        "source": "portal",
        "external_id": "CRAFTED-1",
        "worker": str(worker_id),
        "scheme": "P2P",
        "fee_items-TOTAL_FORMS": "0",
        "fee_items-INITIAL_FORMS": "0",
        "return_record-TOTAL_FORMS": "0",
        "return_record-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_the_prefilled_add_form_shows_a_worker_of_another_province_to_nobody(
    client, officer_jatim, lampung_worker
):
    client.force_login(officer_jatim)

    response = client.get(f"{ADD_URL}?worker={lampung_worker.pk}")

    assert response.status_code == 200
    page = text(response)
    assert lampung_worker.registration_number not in page
    assert "Sri Lampungwati" not in page


def test_the_prefilled_add_form_shows_a_worker_of_the_officers_own_province(
    client, officer_lampung, lampung_worker
):
    client.force_login(officer_lampung)

    page = text(client.get(f"{ADD_URL}?worker={lampung_worker.pk}"))

    assert lampung_worker.registration_number in page


def test_a_crafted_post_for_a_worker_of_another_province_saves_nothing(client, officer_jatim, lampung_worker):
    client.force_login(officer_jatim)

    response = client.post(ADD_URL, add_form_post(lampung_worker.pk))

    assert response.status_code == 200  # the form again, with its error
    assert not Placement.objects.filter(external_id="CRAFTED-1").exists()
    assert "errorlist" in response.content.decode()
    assert "Sri Lampungwati" not in text(response)


def test_the_same_post_for_a_worker_of_the_officers_own_province_is_saved(
    client, officer_jatim, jatim_worker
):
    client.force_login(officer_jatim)

    response = client.post(ADD_URL, add_form_post(jatim_worker.pk))

    assert response.status_code == 302
    assert Placement.objects.get(external_id="CRAFTED-1").worker == jatim_worker


def test_the_saving_service_refuses_a_worker_outside_the_users_scope(officer_jatim, lampung_worker):
    with pytest.raises(ApplicationError) as refused:
        placement_save(
            placement=Placement(worker=lampung_worker, external_id="SVC-1", scheme="P2P"), user=officer_jatim
        )

    assert refused.value.code == "out_of_scope"
    assert not Placement.objects.filter(external_id="SVC-1").exists()


def test_the_saving_service_accepts_a_worker_inside_the_users_scope(officer_lampung, lampung_worker):
    placement_save(
        placement=Placement(worker=lampung_worker, external_id="SVC-2", scheme="P2P"), user=officer_lampung
    )

    assert Placement.objects.filter(external_id="SVC-2").exists()


def test_a_changed_worker_on_an_existing_placement_is_refused_as_well(
    client, officer_jatim, jatim_worker, lampung_worker
):
    placement = placement_save(placement=Placement(worker=jatim_worker, external_id="MINE-1", scheme="P2P"))
    client.force_login(officer_jatim)

    client.post(
        f"/admin/placements/placement/{placement.pk}/change/",
        add_form_post(lampung_worker.pk, external_id="MINE-1"),
    )

    placement.refresh_from_db()
    assert placement.worker == jatim_worker


# --- every admin, every person-choosing field ----------------------------------------------------


def scoped_models() -> set[type]:
    return {model for model in admin.site._registry if hasattr(model.objects.none(), "visible_to")}


def person_fields(model_admin) -> list:
    """Foreign keys and many-to-many fields of this admin's model that point at a person-level model."""
    targets = scoped_models()
    return [
        field
        for field in model_admin.model._meta.get_fields()
        if (field.many_to_one or field.many_to_many)
        and not field.auto_created
        and field.related_model in targets
    ]


def every_admin_and_inline(admin_request):
    """Each registered admin and each inline as the admin builds it for a page (with every permission)."""
    for model_admin in admin.site._registry.values():
        yield model_admin
        yield from model_admin.get_inline_instances(admin_request)


def test_every_admin_of_a_person_level_model_reads_its_rows_through_visible_to():
    unscoped = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model in scoped_models() and not isinstance(model_admin, ScopedAdminMixin)
    ]

    assert unscoped == []


def test_every_person_choosing_field_of_every_admin_offers_only_what_the_user_may_see(
    admin_user, officer_jatim, lampung_worker, jatim_worker
):
    admin_request = RequestFactory().get("/")
    admin_request.user = admin_user
    request = RequestFactory().get("/")
    request.user = officer_jatim
    checked = 0
    for model_admin in every_admin_and_inline(admin_request):
        for field in person_fields(model_admin):
            formfield = model_admin.formfield_for_dbfield(field, request)
            if formfield is None:
                continue
            offered = set(formfield.queryset.values_list("pk", flat=True))
            visible = set(field.related_model.objects.visible_to(officer_jatim).values_list("pk", flat=True))
            assert offered <= visible, f"{type(model_admin).__name__}.{field.name} offers rows out of scope"
            checked += 1

    assert checked >= 5  # the placement's worker, and the parent of each inline under a person


def test_the_raw_id_label_names_only_a_worker_the_user_may_see(officer_jatim, lampung_worker, jatim_worker):
    request = RequestFactory().get("/")
    request.user = officer_jatim
    placement_admin = admin.site._registry[Placement]
    field = placement_admin.formfield_for_dbfield(Placement._meta.get_field("worker"), request)

    other = field.widget.render("worker", lampung_worker.pk)
    own = field.widget.render("worker", jatim_worker.pk)

    assert "Sri Lampungwati" not in other and lampung_worker.registration_number not in other
    assert jatim_worker.registration_number in own


def test_linking_a_complaint_to_a_placement_of_another_province_is_refused(officer_jatim, lampung_worker):
    from complaints.services import complaint_link
    from tests.complaints.builders import make_complaint

    complaint = make_complaint(village_code=SURABAYA_VILLAGE)
    placement = placement_save(placement=Placement(worker=lampung_worker, external_id="LINK-1", scheme="P2P"))

    with pytest.raises(ApplicationError) as refused:
        complaint_link(complaint=complaint, actor=officer_jatim, placement=placement)

    assert refused.value.code == "out_of_scope"
    complaint.refresh_from_db()
    assert (complaint.placement_id, complaint.worker_id) == (None, None)
