from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from placements.choices import LicenceStatus
from placements.models import Agency, Country, JobOrder
from placements.selectors import (
    agency_active_job_orders,
    agency_licence_on,
    agency_register,
    agency_search,
    job_order_get_by_number,
    job_order_problems,
    job_order_register,
    job_order_state,
    policies_in_force,
)
from portal.ratelimit import rate_limited
from regions.models import Province
from workers.choices import PositionCode

PAGE_SIZE = 20


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def agency_check(request):
    """Cek P3MI: search agencies by name or licence number; each result says whether it may recruit.
    With no query, the register of agencies to browse (licensed today by default), 20 a page."""
    query = (request.GET.get("q") or "").strip()[:100]
    if not query:
        return _agency_register(request)
    agencies = agency_search(query=query)
    results = [{"agency": a, "licence": agency_licence_on(agency=a)} for a in agencies]
    return render(request, "placements/agency_check.html", {"query": query, "results": results})


def _agency_register(request):
    status = request.GET.get("status", LicenceStatus.VALID)
    if status not in LicenceStatus.values and status != "ALL":
        status = LicenceStatus.VALID
    province = (request.GET.get("province") or "")[:2]
    provinces = list(Province.objects.order_by("code"))
    if province not in {p.code for p in provinces}:
        province = ""
    rows = agency_register(status="" if status == "ALL" else status, province_code=province)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": "",
        "page": page,
        "results": [{"agency": agency, "licence": licence} for agency, licence in page.object_list],
        "provinces": provinces,
        "province": province,
        "status": status,
        "statuses": [("ALL", _("Any status")), *LicenceStatus.choices],
        "filters": urlencode({"status": status, "province": province}),
    }
    return render(request, "placements/agency_check.html", context)


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def agency_detail(request, pk: int):
    try:
        agency = Agency.objects.get(pk=pk)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc
    licence = agency_licence_on(agency=agency)
    policies = policies_in_force()
    context = {
        "agency": agency,
        "licence": licence,
        "job_orders": [
            {
                "job_order": j,
                "state": job_order_state(job_order=j),
                "problems": job_order_problems(job_order=j, licence=licence, policies=policies),
            }
            for j in agency_active_job_orders(agency=agency)
        ],
    }
    return render(request, "placements/agency_detail.html", context)


@require_GET
@rate_limited("public_lookup", methods=("GET",))
def job_order_check(request):
    """Cek job order: is this SIP2MI number real, valid today, and are places left?"""
    number = (request.GET.get("number") or "").strip()[:60]
    if not number:
        return _job_order_register(request)
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


def _job_order_register(request):
    country = (request.GET.get("country") or "")[:2].upper()
    position = (request.GET.get("position") or "")[:20].upper()
    if position not in PositionCode.values:
        position = ""
    today = timezone.localdate()
    # Only countries that have a job order in force are worth offering in the filter.
    countries = list(
        Country.objects.filter(
            code__in=JobOrder.objects.filter(valid_from__lte=today, valid_until__gte=today).values(
                "country_id"
            )
        ).order_by("name", "code")
    )
    if country not in {c.code for c in countries}:
        country = ""
    job_orders = job_order_register(country_code=country, position_code=position, on=today)
    page = Paginator(job_orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "number": "",
        "page": page,
        "countries": countries,
        "country": country,
        "positions": PositionCode.choices,
        "position": position,
        "filters": urlencode({"country": country, "position": position}),
    }
    return render(request, "placements/job_order_check.html", context)
