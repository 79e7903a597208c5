"""Desk pages for what a village reports to BP3MI: departures and returns (/desa/kabar/) and outreach
sessions (/desa/sosialisasi/). Each page checks the officer, reads through a selector, writes through
one service, and redirects."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import person_get, person_list_read
from outreach.selectors import outreach_history
from outreach.services import outreach_request_create
from placements.models import Placement
from portal.errors import ApplicationError
from village.access import village_officer_required
from village.forms_reports import MovementForm, OutreachRequestForm
from village.models import MovementProposal
from village.movement_selectors import movement_proposals_recent, placements_awaiting_news
from village.movement_services import PHASE_FOR_KIND, movement_proposal_create
from village.views_sheet import chosen_village
from workers.choices import Phase

KIND_FOR_PHASE = {phase: kind for kind, phase in PHASE_FOR_KIND.items()}


def _refused(form, error: ApplicationError) -> None:
    """A service's refusal on the form: each field's message on its field, the rest on top."""
    placed = False
    for name, errors in error.fields.items():
        for message in errors:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
    if not placed:
        form.add_error(None, error.message)


@require_GET
@village_officer_required
def movements(request):
    village = chosen_village(request)
    awaiting = placements_awaiting_news(user=request.user, village_code=village)
    proposals = movement_proposals_recent(user=request.user, village_code=village)
    person_list_read(request=request, model=Placement, rows=sum(len(rows) for rows in awaiting.values()))
    person_list_read(request=request, model=MovementProposal, rows=len(proposals))
    context = {"to_depart": awaiting[Phase.PRA], "abroad": awaiting[Phase.MASA], "proposals": proposals}
    return render(request, "village/movements.html", context)


@require_http_methods(["GET", "POST"])
@village_officer_required
def movement_report(request, placement_id: int):
    placement = person_get(
        Placement.objects.select_related("worker", "destination_country"), request=request, pk=placement_id
    )
    kind = KIND_FOR_PHASE.get(Phase(placement.phase))
    if kind is None:
        messages.info(request, _("This worker has returned already: there is nothing to report."))
        return redirect("village:movements")
    initial = {"destination_country": placement.destination_country_id}
    form = MovementForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        country = data.get("destination_country")
        try:
            movement_proposal_create(
                user=request.user, placement_id=placement.pk, kind=kind, event_date=data["event_date"],
                destination_country_id=country.pk if country else None, condition=data.get("condition", ""),
                note=data["note"],
            )  # fmt: skip
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Sent to BP3MI: an officer will confirm it."))
            return redirect("village:movements")
    context = {"placement": placement, "kind": kind, "form": form}
    return render(request, "village/movement_report.html", context)


@require_http_methods(["GET", "POST"])
@village_officer_required
def outreach(request):
    village = chosen_village(request)
    form = OutreachRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outreach_request_create(
                user=request.user, village_code=village, topic=data["topic"],
                preferred_from=data["preferred_from"], preferred_until=data["preferred_until"],
                expected_participants=data["expected_participants"], note=data["note"],
            )  # fmt: skip
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("Request sent to BP3MI: an officer will contact you to set the date.")
            )
            return redirect("village:outreach")
    context = {"form": form, "events": outreach_history(user=request.user, village_code=village)}
    return render(request, "village/outreach.html", context)
