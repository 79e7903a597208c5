from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.selectors import office_for_region
from complaints.files import validate_upload
from complaints.forms import ComplaintForm, TrackForm
from complaints.held_uploads import held_upload, held_upload_discard, held_upload_open, held_upload_save
from complaints.selectors import public_timeline
from complaints.services import complaint_file
from complaints.tracking import TrackingLocked, complaint_track
from portal.client import client_address
from portal.errors import ApplicationError
from portal.ratelimit import limit_page, rate_limited, submission_admit
from regions.forms import RegionCascadeForm

_SESSION_KEY = "filed_complaint"


@require_http_methods(["GET", "POST"])
def file_complaint(request):
    if request.method == "GET":
        form, cascade = ComplaintForm(), RegionCascadeForm(prefix="village", required=False)
        return _render_form(request, form, cascade)
    cascade = RegionCascadeForm(request.POST, prefix="village", required=False)
    if "remove_upload" in request.POST:
        held_upload_discard(request)
        cascade = RegionCascadeForm(request.POST, prefix="village", required=False, refresh=True)
        return _render_form(request, ComplaintForm(initial=request.POST.dict()), cascade)
    if cascade.refreshing:
        # Asking for the next region choices is not a submission, but a file chosen is kept.
        form = ComplaintForm(initial=request.POST.dict())
        _hold_new_upload(request, form)
        return _render_form(request, form, cascade)
    form = ComplaintForm(request.POST, request.FILES)
    valid = all([form.is_valid(), cascade.is_valid()])
    _hold_new_upload(request, form)
    if not valid or form.errors:
        return _render_form(request, form, cascade)
    data = form.cleaned_data
    # Counted only now, once accepted: failed validation never uses up a shared address.
    wait = submission_admit(request, phone=data["reporter_phone"] or "")
    if wait:
        village = cascade.cleaned_data.get("village")
        return limit_page(request, wait=wait, office=office_for_region(code=village) if village else None)
    held = held_upload(request)
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
            uploads=[held_upload_open(held)] if held else [],
        )
    except ValidationError as error:
        form.add_error("attachment", error)
        return _render_form(request, form, cascade)
    except ApplicationError as error:
        for name, messages in error.fields.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return _render_form(request, form, cascade)
    held_upload_discard(request)
    # Shown once on the next page; never put in the URL.
    request.session[_SESSION_KEY] = {
        "ticket": complaint.ticket,
        "access_code": access_code,
        "office_id": complaint.office_id,  # its phone is shown with the official channels
    }
    return redirect("complaints:filed")


def _hold_new_upload(request, form) -> None:
    """Keep a newly chosen file server-side (checked first), whatever else is wrong with the form."""
    upload = request.FILES.get("attachment")
    if not upload or "attachment" in form.errors:
        return
    if not form.is_bound:
        form.cleaned_data = {}  # a refresh re-shows the form unbound; add_error needs this to exist
    try:
        validate_upload(upload)
    except ValidationError as error:
        form.add_error("attachment", error)
    else:
        held_upload_save(request, upload=upload)


def _render_form(request, form, cascade):
    return render(
        request, "complaints/file.html", {"form": form, "cascade": cascade, "held": held_upload(request)}
    )


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
