"""Who may use the village desk: a signed-in village officer with at least one village.

`village_officer_required` (function views) and `VillageOfficerRequiredMixin` (class views) put the
officer's village codes on `request.villages`, and the village chosen among several as
`request.village_query` (`?desa=CODE`, or empty) for the desk's links. Everyone else is sent to the
desk's sign-in page when anonymous and refused (403) when signed in with another role: staff use the
admin, DPRD their pages.
The second factor is enforced for every page by `accounts.middleware.SecondFactorMiddleware`.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.scoping import village_scope


def villages_of(user) -> tuple[str, ...]:
    """The village codes the user serves as a village officer; empty for anyone else."""
    scope = village_scope(user)
    return scope.codes if scope is not None else ()


def _admit(request) -> None:
    villages = villages_of(request.user)
    if not villages:
        raise PermissionDenied
    request.villages = villages
    # An officer of several villages keeps the village chosen (`?desa=`) from page to page.
    chosen = request.GET.get("desa", "")
    request.village_query = (
        f"?{urlencode({'desa': chosen})}" if len(villages) > 1 and chosen in villages else ""
    )


def village_officer_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("village:login"))
        _admit(request)
        return view(request, *args, **kwargs)

    return wrapped


class VillageOfficerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("village:login"))
        _admit(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
