"""The village desk (`/desa/`): phone-first pages for village officers, Indonesian first, no JavaScript."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from village.access import village_officer_required


class VillageLoginView(auth_views.LoginView):
    template_name = "village/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("village:home")


@require_GET
@village_officer_required
def home(request):
    return redirect("village:residents")


@require_GET
@village_officer_required
def residents(request):
    return render(request, "village/residents.html", {})


@village_officer_required
def early_warning(request):
    return render(request, "village/early_warning.html", {})
