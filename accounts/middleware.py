"""Two gates in front of every view, so no page, present or future, can forget them.

- `StaffSessionMiddleware` ends the session of a password-role user after an idle spell or a maximum age.
- `SecondFactorMiddleware` holds back every view from a password-role user whose session has not passed
  the second factor: HTML pages redirect to the code step (or to enrolment, without a device), and API
  views see no session user at all, so an API token still works and a half-signed-in browser gets 401/403.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from accounts.second_factor import has_confirmed_device, needs_second_factor

SESSION_STARTED_KEY = "portal_signed_in_at"
SESSION_SEEN_KEY = "portal_seen_at"
# Writing the session on every request costs a query; a minute is well inside the idle limit.
_SEEN_RESOLUTION_SECONDS = 60

# Views a half-signed-in user may still open: the second-factor steps themselves and the ways out.
EXEMPT_VIEW_NAMES = frozenset(
    {
        "accounts:second_factor_verify",
        "accounts:second_factor_enrol",
        "accounts:recovery_codes",
        "accounts:sign_out",
        "admin:logout",
        "dashboards:logout",
        "set_language",
        "healthz",
    }
)


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: a sign-in starts both clocks (connected in AccountsConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and needs_second_factor(user):
            self._check_age(request)
        return self.get_response(request)

    @staticmethod
    def _check_age(request) -> None:
        session = request.session
        now = time.time()
        idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
        started = session.setdefault(SESSION_STARTED_KEY, now)
        seen = session.get(SESSION_SEEN_KEY, now)
        if now - started > settings.STAFF_SESSION_MAX_HOURS * 3600 or now - seen > idle:
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return
        if now - seen >= _SEEN_RESOLUTION_SECONDS or SESSION_SEEN_KEY not in session:
            session[SESSION_SEEN_KEY] = now
            # The stored session expires soon after the idle limit too, so an abandoned one is not kept
            # for weeks; the margin lets a returning user read why they must sign in again.
            session.set_expiry(2 * idle)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_second_factor(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEW_NAMES:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            # DRF's session authentication reads this user; a token in the header is unaffected.
            request.user = AnonymousUser()
            return None
        step = (
            "accounts:second_factor_verify" if has_confirmed_device(user) else "accounts:second_factor_enrol"
        )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
