from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.scoping import aggregate_scope
from regions.codes import is_valid_code
from regions.selectors import region_exists


def home_region_for(user) -> str:
    """Where a user's dashboard starts: their one region, or the country for all-region staff."""
    scope = aggregate_scope(user)
    if scope is None:
        raise PermissionDenied
    if scope.all_regions:
        return ""
    return sorted(scope.codes)[0]


def region_for_user(user, code: str) -> str:
    """The region code if the user may read its aggregates: 404 if no such region, 403 if outside the
    user's scope (a region is public knowledge; its numbers are not)."""
    if code and not is_valid_code(code):
        raise Http404
    scope = aggregate_scope(user)
    if scope is None:
        raise PermissionDenied
    allowed = scope.covers(code) if code else scope.all_regions
    if not allowed:
        raise PermissionDenied
    if code and not region_exists(code=code):
        raise Http404
    return code
