"""The second step of every password sign-in: enrol an authenticator once, then give its code each time.

Reached from `SecondFactorMiddleware`, which sends a half-signed-in user here with `?next=` the page they
wanted. No JavaScript: the QR code is an image drawn on the server, the secret is also shown as text.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.forms import EnrolForm, SecondFactorForm
from accounts.second_factor import (
    has_confirmed_device,
    needs_second_factor,
    recovery_codes_left,
    second_factor_enrol_confirm,
    second_factor_enrol_start,
    second_factor_verify,
    totp_qr_data_uri,
    totp_secret,
)

RECOVERY_CODES_KEY = "portal_new_recovery_codes"


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index") if request.user.is_staff else reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _complete_sign_in(request, device) -> None:
    # A new session key once the second factor is in, so a key seen before it is worth nothing after.
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    next_url = _next_url(request)
    if not user.is_authenticated:
        return redirect("admin:login")
    if user.is_verified() or not needs_second_factor(user):
        return redirect(next_url)
    if not has_confirmed_device(user):
        return redirect(_with_next("accounts:second_factor_enrol", next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _complete_sign_in(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user=user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; %(count)d code is left.",
                        "You signed in with a recovery code; %(count)d codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        form.add_error(
            "code",
            _("This code is wrong, expired or already used. Type the newest code from your app."),
        )
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    next_url = _next_url(request)
    if not user.is_authenticated:
        return redirect("admin:login")
    if user.is_verified() or not needs_second_factor(user):
        return redirect(next_url)
    if has_confirmed_device(user):
        return redirect(_with_next("accounts:second_factor_verify", next_url))
    device = second_factor_enrol_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor_enrol_confirm(user=user, code=form.cleaned_data["code"])
        if result is not None:
            device, codes = result
            _complete_sign_in(request, device)
            request.session[RECOVERY_CODES_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", next_url))
        form.add_error("code", _("This code does not match. Check the app's clock and type the newest code."))
    context = {
        "form": form,
        "next": next_url,
        "qr": totp_qr_data_uri(device),
        "secret": totp_secret(device),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@never_cache
@require_http_methods(["GET"])
def recovery_codes(request):
    """Shown once, right after enrolment: the codes leave the session as they are shown."""
    next_url = _next_url(request)
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not request.user.is_authenticated or not codes:
        return redirect(next_url)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("home")
