from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.selectors import office_for_region
from portal.ratelimit import limit_page, rate_limited, submission_admit
from regions.forms import RegionCascadeForm
from workers.consent import registration_notice
from workers.forms import RegistrationForm, StatusCheckForm
from workers.models import Channel
from workers.selectors import worker_public_status
from workers.services import worker_register

_SESSION_KEY = "registered_number"


@require_http_methods(["GET", "POST"])
def register(request):
    notice = registration_notice()
    if request.method == "GET":
        form, cascade = RegistrationForm(), RegionCascadeForm(prefix="domicile")
    else:
        cascade = RegionCascadeForm(request.POST, prefix="domicile")
        # Asking for the next region choices is not a submission: keep what was typed, show no errors.
        form = (
            RegistrationForm(initial=request.POST.dict())
            if cascade.refreshing
            else RegistrationForm(request.POST)
        )
        if form.is_bound and all([form.is_valid(), cascade.is_valid()]):
            data = form.cleaned_data
            # Counted only now, once accepted: failed validation never uses up a shared address.
            wait = submission_admit(request, nik=data["nik"], phone=data["phone"])
            if wait:
                return limit_page(
                    request, wait=wait, office=office_for_region(code=cascade.cleaned_data["village"])
                )
            worker = worker_register(
                nik=data["nik"],
                full_name=data["full_name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                birth_place=data["birth_place"],
                phone=data["phone"],
                email=data["email"],
                village_code=cascade.cleaned_data["village"],
                address=data["address"],
                education=data["education"],
                marital_status=data["marital_status"],
                desired_country=data["desired_country"],
                desired_position=data["desired_position"],
                family={
                    "full_name": data["family_name"],
                    "relation": data["family_relation"],
                    "phone": data["family_phone"],
                },
                notice_text=notice,
                channel=Channel.WEB,
            )
            request.session[_SESSION_KEY] = worker.registration_number
            return redirect("workers:registered")
    return render(request, "workers/register.html", {"form": form, "cascade": cascade, "notice": notice})


def registered(request):
    number = request.session.get(_SESSION_KEY)
    if not number:
        return redirect("workers:register")
    return render(request, "workers/registered.html", {"registration_number": number})


@require_http_methods(["GET", "POST"])
@rate_limited("public_check")
def status_check(request):
    form = StatusCheckForm(request.POST or None)
    result = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        result = worker_public_status(
            registration_number=form.cleaned_data["registration_number"],
            birth_date=form.cleaned_data["birth_date"],
        )
    return render(request, "workers/status.html", {"form": form, "result": result, "searched": searched})
