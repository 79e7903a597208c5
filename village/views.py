"""The village desk (`/desa/`): phone-first pages for village officers, Indonesian first, no JavaScript."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import person_get, person_list_read, person_read
from portal.errors import ApplicationError
from village import selectors, services
from village.access import village_officer_required
from village.forms import AcknowledgementForm, EarlyWarningForm
from workers.countries import country_name
from workers.models import Worker

PAGE_SIZE = 25


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
    """Warga: the residents of the officer's villages, 25 a page, searchable by name or number."""
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.resident_list(user=request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    person_list_read(request=request, model=Worker, rows=len(rows))
    for row in rows:
        row.destination_name = country_name(row.destination_code) if row.destination_code else ""
    return render(
        request,
        "village/residents.html",
        {"page": page, "rows": rows, "query": query, "filters": urlencode({"q": query})},
    )


@require_http_methods(["GET", "POST"])
@village_officer_required
def acknowledge(request, pk: int):
    """Verify the domicile and acknowledge the family permission letter of one resident."""
    worker = person_get(Worker.objects.select_related("domicile_village"), request=request, pk=pk)
    form = AcknowledgementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledgement_record(worker=worker, user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, gettext("Recorded: the domicile is verified and the family permission acknowledged.")
            )
            return redirect("village:residents")
    return render(
        request,
        "village/acknowledge.html",
        {"worker": worker, "form": form, "history": selectors.acknowledgement_history(worker=worker)},
    )


def add_errors(form, error: ApplicationError) -> None:
    """Put a service's refusal on the form: on its fields where it names them, else on the form."""
    if not error.fields:
        form.add_error(None, error.message)
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@require_http_methods(["GET", "POST"])
@village_officer_required
def early_warning(request):
    """Laporan dini: a villager about to leave or gone outside the legal route, or a recruiter at work."""
    initial = {"registration_number": request.GET.get("nomor", "")[:20]}
    form = EarlyWarningForm(request.POST or None, initial=initial, villages=request.villages)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("registration_number").strip().upper()
        country = data.pop("destination_country")
        worker = None
        if number:
            worker = selectors.resident_by_number(user=request.user, registration_number=number)
            if worker is None:
                form.add_error("registration_number", gettext("No resident of your village has this number."))
        if worker is not None:
            person_read(request=request, obj=worker)
        if not form.errors:
            try:
                services.early_warning_file(
                    user=request.user,
                    worker=worker,
                    destination_country_code=country.code if country else "",
                    **data,
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, gettext("Thank you. The early warning was sent to the BP3MI officers.")
                )
                return redirect("village:early_warning")
    return render(
        request,
        "village/early_warning.html",
        {"form": form, "reports": selectors.early_warning_list(user=request.user)[:10]},
    )
