from rest_framework.permissions import BasePermission

from accounts.scoping import person_scope


class HasPersonScope(BasePermission):
    """Staff roles with a scope; DPRD viewers and API clients are refused person-level endpoints."""

    def has_permission(self, request, view) -> bool:
        return person_scope(request.user) is not None
