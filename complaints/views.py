from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from complaints.forms import ComplaintForm, TrackForm
from complaints.selectors import public_timeline
from complaints.services import TrackingLocked, complaint_file, complaint_track
from portal.client import client_address
from portal.errors import ApplicationError
from portal.ratelimit import rate_limited
from regions.forms import RegionCascadeForm, is_refresh

_SESSION_KEY = "filed_complaint"


@require_http_methods(["GET", "POST"])
@rate_limited("public_write", exempt=lambda request: is_refresh(request.POST))
def file_complaint(request):
    if request.method == "GET":
        form, cascade = ComplaintForm(), RegionCascadeForm(prefix="village", required=False)
    else:
        cascade = RegionCascadeForm(request.POST, prefix="village", required=False)
        form = (
            ComplaintForm(initial=request.POST.dict())
            if cascade.refreshing
            else ComplaintForm(request.POST, request.FILES)
        )
        if form.is_bound and all([form.is_valid(), cascade.is_valid()]):
            data = form.cleaned_data
            try:
                complaint, access_code = complaint_file(
                    category=data["category"],
                    phase=data["phase"],
                    description=data["description"],
                    anonymous=data["anonymous"],
                    reporter_relation=data["reporter_relation"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    village_code=cascade.cleaned_data.get("village") or None,
                    destination_country=data["destination_country"] or None,
                    agency_licence_number=data["agency_licence_number"],
                    recruiter_phone=data["recruiter_phone"],
                    uploads=[data["attachment"]] if data["attachment"] else [],
                )
            except ValidationError as error:
                form.add_error("attachment", error)
            except ApplicationError as error:
                for name, messages in error.fields.items():
                    for message in messages:
                        form.add_error(name if name in form.fields else None, message)
            else:
                # Shown once on the next page; never put in the URL.
                request.session[_SESSION_KEY] = {
                    "ticket": complaint.ticket,
                    "access_code": access_code,
                    "office_id": complaint.office_id,  # its phone is shown with the official channels
                }
                return redirect("complaints:filed")
    return render(request, "complaints/file.html", {"form": form, "cascade": cascade})


def filed(request):
    receipt = request.session.pop(_SESSION_KEY, None)
    if not receipt:
        return redirect("complaints:track")
    return render(request, "complaints/filed.html", receipt)


@require_http_methods(["GET", "POST"])
@rate_limited("public_check")
def track(request):
    form = TrackForm(request.POST or None)
    complaint = None
    events = []
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_track(**form.cleaned_data, client=client_address(request))
        except TrackingLocked:
            return render(request, "429.html", status=429)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            events = public_timeline(complaint=complaint)
    return render(request, "complaints/track.html", {"form": form, "complaint": complaint, "events": events})
