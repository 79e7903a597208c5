import json

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from datarights.choices import RequestChannel
from datarights.forms import DataRequestForm, TrackForm
from datarights.models import DataRequest
from datarights.selectors import data_request_track
from datarights.services import data_request_file, data_request_package_take
from portal.client import client_address
from portal.errors import ApplicationError
from portal.ratelimit import limit_page, rate_limited, submission_admit
from portal.tracking import TrackingLocked

_RECEIPT = "filed_data_request"
_TRACKED = "tracked_data_request"  # the request this browser proved it may follow, for the download


@require_http_methods(["GET", "POST"])
def file_request(request):
    form = DataRequestForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return render(request, "datarights/file.html", {"form": form})
    data = form.cleaned_data
    # Counted only once accepted, per address and per NIK given (matching or not: nothing is told).
    wait = submission_admit(request, nik=data["nik"] or "", phone=data["contact_phone"] or "")
    if wait:
        return limit_page(request, wait=wait)
    try:
        data_request, code = data_request_file(
            kind=data["kind"], identified_by=data["identified_by"], reference=data["reference"],
            channel=RequestChannel.WEB, nik=data["nik"], birth_date=data["birth_date"],
            access_code=data["access_code"], purpose=data["purpose"], what_is_wrong=data["what_is_wrong"],
            what_is_right=data["what_is_right"], details=data["details"], contact_phone=data["contact_phone"],
        )  # fmt: skip
    except ApplicationError as error:
        for name, messages in error.fields.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return render(request, "datarights/file.html", {"form": form})
    # Shown once on the next page; never put in the URL.
    request.session[_RECEIPT] = {"number": data_request.number, "access_code": code,
                                 "due_at": data_request.due_at.isoformat()}  # fmt: skip
    return redirect("datarights:filed")


def filed(request):
    receipt = request.session.pop(_RECEIPT, None)
    if not receipt:
        return redirect("datarights:track")
    return render(request, "datarights/filed.html", receipt)


@require_http_methods(["GET", "POST"])
@rate_limited("public_check")
def track(request):
    form = TrackForm(request.POST or None)
    data_request = None
    if request.method == "POST" and form.is_valid():
        try:
            data_request = data_request_track(**form.cleaned_data, client=client_address(request))
        except TrackingLocked:
            return render(request, "429.html", status=429)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            request.session[_TRACKED] = data_request.pk
    context = {"form": form, "data_request": data_request, "sections": _sections(data_request)}
    return render(request, "datarights/track.html", context)


def _sections(data_request: DataRequest | None) -> list[tuple[str, list]]:
    package = data_request.package if data_request is not None else None
    if not package:
        return []
    return [
        (_("Documents (the list; files are not included)"), package["documents"]),
        (_("Placements"), package["placements"]),
        (_("Complaints"), package["complaints"]),
        (_("Consent history"), package["consent_history"]),
    ]


@require_POST
def download(request):
    """The package of the request this browser has just tracked, once; afterwards it is gone."""
    data_request = DataRequest.objects.filter(pk=request.session.get(_TRACKED) or 0).first()
    package = data_request_package_take(data_request=data_request) if data_request else None
    if package is None:
        message = _("This data package is no longer available: it can be downloaded only once.")
        return render(request, "datarights/gone.html", {"message": message}, status=410)
    body = json.dumps({"request": data_request.number, **package}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-saya-{data_request.number}.json"'
    response["Cache-Control"] = "no-store"
    return response
