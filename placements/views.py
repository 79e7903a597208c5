from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from placements.models import Agency
from placements.selectors import (
    agency_active_job_orders,
    agency_licence_on,
    agency_search,
    job_order_get_by_number,
    job_order_problems,
    job_order_state,
    policies_in_force,
)
from portal.ratelimit import rate_limited


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def agency_check(request):
    """Cek P3MI: search agencies by name or licence number; each result says whether it may recruit."""
    query = (request.GET.get("q") or "").strip()[:100]
    agencies = agency_search(query=query) if query else []
    results = [{"agency": a, "licence": agency_licence_on(agency=a)} for a in agencies]
    return render(request, "placements/agency_check.html", {"query": query, "results": results})


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def agency_detail(request, pk: int):
    try:
        agency = Agency.objects.get(pk=pk)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "agency": agency,
        "licence": agency_licence_on(agency=agency),
        "job_orders": [
            {"job_order": j, "state": job_order_state(job_order=j)}
            for j in agency_active_job_orders(agency=agency)
        ],
    }
    return render(request, "placements/agency_detail.html", context)


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def job_order_check(request):
    """Cek job order: is this SIP2MI number real, valid today, and are places left?"""
    number = (request.GET.get("number") or "").strip()[:60]
    context = {"number": number, "job_order": None, "state": None, "licence": None}
    status = 200
    if number:
        try:
            job_order = job_order_get_by_number(number=number)
        except Http404:
            status = 404
        else:
            licence = agency_licence_on(agency=job_order.agency)
            context.update(
                job_order=job_order,
                state=job_order_state(job_order=job_order),
                licence=licence,
                problems=job_order_problems(
                    job_order=job_order, licence=licence, policies=policies_in_force()
                ),
                places_left=max(job_order.quota - job_order.quota_used, 0),
            )
    return render(request, "placements/job_order_check.html", context, status=status)
