"""The one access rule: which regions a user may see, and the `visible_to(user)` primitive.

Deny by default. Person-level rows are visible only to staff roles (ADMIN, SUPERVISOR, OFFICER) within
their scope, and to village officers for the residents of their own villages (`village_scope`); DPRD
viewers and API clients never see a person, whatever else they are. Aggregates use
`aggregate_scope`, which gives those two roles their own regions.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, Self, TypeVar, cast

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import AGGREGATE_ROLES, STAFF_ROLES, VILLAGE_ROLES, Role
from portal.errors import ApplicationError
from regions.codes import level_of


@dataclass(frozen=True)
class Scope:
    all_regions: bool = False
    codes: tuple[str, ...] = ()

    def covers(self, code: str) -> bool:
        return self.all_regions or any(code == c or code.startswith(c + ".") for c in self.codes)


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = remember_roles(user, user.groups.values_list("name", flat=True))
    return cached


def remember_roles(user, group_names) -> frozenset[str]:
    """Keep the user's roles on the user object for the request, from the names of her groups."""
    roles = frozenset(group_names) | ({Role.ADMIN} if user.is_superuser else frozenset())
    user._portal_roles = roles
    return roles


def _profile_scope(user) -> Scope | None:
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is None:
        return None
    if profile.all_regions:
        return Scope(all_regions=True)
    codes = profile.office.region_codes if profile.office_id else profile.region_codes
    return Scope(codes=tuple(codes)) if codes else None


def person_scope(user) -> Scope | None:
    """Regions whose people the user may see; None means nobody."""
    roles = user_roles(user)
    if not roles or roles & AGGREGATE_ROLES or not roles & STAFF_ROLES:
        return None
    if user.is_superuser:
        return Scope(all_regions=True)
    return _profile_scope(user)


def village_scope(user) -> Scope | None:
    """The villages whose residents a village officer may see (the village codes on the profile); None for
    every other role, and for a village officer who also holds any other role (no mixing of desks)."""
    roles = user_roles(user)
    if not roles or roles - VILLAGE_ROLES or user.is_superuser:
        return None
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is None or profile.all_regions or profile.office_id:
        return None
    codes = tuple(c for c in profile.region_codes if level_of(c) == 4)
    return Scope(codes=codes) if codes else None


def record_scope(user) -> Scope | None:
    """Whose person-level rows `visible_to` returns: staff by their regions, village officers by their
    villages. Staff-only endpoints keep asking `person_scope`, which a village officer never has."""
    return person_scope(user) or village_scope(user)


def aggregate_scope(user) -> Scope | None:
    """Regions whose aggregates the user may read; None means none."""
    roles = user_roles(user)
    if not roles & (STAFF_ROLES | AGGREGATE_ROLES):
        return None
    if user.is_superuser and not roles & AGGREGATE_ROLES:
        return Scope(all_regions=True)
    return _profile_scope(user)


def region_q(field: str, codes: tuple[str, ...]) -> Q:
    """Rows whose region code `field` lies in any of `codes` (prefix match on dotted codes)."""
    if not codes:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."}) for code in codes))


_QuerySetT = TypeVar("_QuerySetT", bound=models.QuerySet[Any])


def scope_queryset(queryset: _QuerySetT, user, region_field: str) -> _QuerySetT:
    scope = record_scope(user)
    if scope is None:
        return queryset.none()
    if scope.all_regions:
        return queryset
    return queryset.filter(region_q(region_field, scope.codes))


class ScopedQuerySet(models.QuerySet):
    """Base for every person-level queryset: subclasses name the region code that decides visibility."""

    region_field: str = ""

    def visible_to(self, user) -> Self:
        if not self.region_field:
            raise NotImplementedError("ScopedQuerySet subclasses must set region_field")
        return scope_queryset(self, user, self.region_field)


def is_person_level(model: type[models.Model] | None) -> bool:
    """True for models whose rows belong to a person and are therefore read only through `visible_to`."""
    queryset_class = getattr(getattr(model, "_default_manager", None), "_queryset_class", None)
    return isinstance(queryset_class, type) and issubclass(queryset_class, ScopedQuerySet)


def ensure_targets_visible(*, user, instance: models.Model) -> None:
    """Refuse to save `instance` pointing at a person-level row the user may not see.

    Forms offer only visible rows already; this is the same rule at the service, so a crafted request,
    a script or a form someone forgot cannot write a record about a person of another region.
    """
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or not is_person_level(field.related_model):
            continue
        target = getattr(instance, field.attname)
        if target is None:
            continue
        people = cast(ScopedQuerySet, field.related_model._default_manager.all())  # type: ignore[union-attr]
        visible = people.visible_to(user)
        if not visible.filter(**{field.target_field.attname: target}).exists():
            message = _(
                "This record is outside your regions: you can only record data for people you may see."
            )
            raise ApplicationError(message, code="out_of_scope", fields={field.name: [message]}, status=403)
