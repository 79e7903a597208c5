import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from accounts.roles import Role
from accounts.scoping import Scope, ScopedQuerySet, aggregate_scope, person_scope, region_q, scope_queryset
from regions.models import Village

LAMPUNG_VILLAGES = 2_651
EVERYWHERE = Scope(all_regions=True)
LAMPUNG = Scope(codes=("18",))
JATIM = Scope(codes=("35",))
LAMPUNG_TIMUR = Scope(codes=("18.07",))

# persona fixture -> (person_scope, aggregate_scope), as architecture.md's access section says
EXPECTED_SCOPES = {
    "admin_user": (EVERYWHERE, EVERYWHERE),
    "officer_lampung": (LAMPUNG, LAMPUNG),
    "officer_jatim": (JATIM, JATIM),
    "dprd_lampungtimur": (None, LAMPUNG_TIMUR),
    "api_client_user": (None, LAMPUNG_TIMUR),
}


def visible_villages(user):
    return scope_queryset(Village.objects.all(), user, "code")


@pytest.mark.parametrize("persona", EXPECTED_SCOPES)
def test_each_persona_gets_the_scope_of_the_access_model(request, persona):
    user = request.getfixturevalue(persona)

    assert (person_scope(user), aggregate_scope(user)) == EXPECTED_SCOPES[persona]


def test_an_anonymous_visitor_has_no_scope_at_all():
    assert person_scope(AnonymousUser()) is None
    assert aggregate_scope(AnonymousUser()) is None


def test_a_user_without_role_or_profile_is_denied_by_default(db):
    user = get_user_model().objects.create_user(username="nobody", password="unused-pass-2026")

    assert person_scope(user) is None
    assert aggregate_scope(user) is None


def test_a_deactivated_officer_loses_every_scope(officer_lampung):
    officer_lampung.is_active = False
    officer_lampung.save(update_fields=["is_active"])

    assert person_scope(officer_lampung) is None
    assert aggregate_scope(officer_lampung) is None
    assert not visible_villages(officer_lampung).exists()


def test_the_lampung_officer_sees_exactly_the_lampung_villages(officer_lampung):
    villages = visible_villages(officer_lampung)

    assert villages.count() == LAMPUNG_VILLAGES
    assert not villages.exclude(code__startswith="18.").exists()


def test_officer_from_another_province_sees_no_lampung_villages(officer_jatim):
    villages = visible_villages(officer_jatim)

    assert villages.exists()
    assert not villages.filter(code__startswith="18.").exists()


def test_the_admin_sees_every_village(admin_user):
    assert visible_villages(admin_user).count() == Village.objects.count()


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_aggregate_readers_see_no_person_level_rows(request, persona):
    user = request.getfixturevalue(persona)

    assert not visible_villages(user).exists()


def test_an_anonymous_visitor_sees_no_person_level_rows(db):
    assert not visible_villages(AnonymousUser()).exists()


def test_a_scoped_queryset_without_a_region_field_refuses_to_guess(officer_lampung):
    with pytest.raises(NotImplementedError):
        ScopedQuerySet(model=Village).visible_to(officer_lampung)


def test_a_scoped_queryset_with_a_region_field_applies_the_scope(officer_lampung):
    class VillageQuerySet(ScopedQuerySet):
        region_field = "code"

    villages = VillageQuerySet(model=Village).visible_to(officer_lampung)

    assert villages.count() == LAMPUNG_VILLAGES


def test_region_q_matches_whole_code_segments_only(db):
    assert not Village.objects.filter(region_q("code", ("1",))).exists()  # "1" is no prefix of "18."
    assert not Village.objects.filter(region_q("code", ())).exists()
    assert Village.objects.filter(region_q("code", ("18.07",))).count() == 264


def test_an_officer_who_is_also_a_dprd_viewer_sees_no_person(officer_lampung):
    officer_lampung.groups.add(Group.objects.get(name=Role.DPRD_VIEWER))
    officer = get_user_model().objects.get(pk=officer_lampung.pk)  # roles are cached per user object

    assert person_scope(officer) is None
    assert not visible_villages(officer).exists()
