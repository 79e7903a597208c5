"""The village sheet (/desa/lembar/): a printable page, no script, one A4 sheet."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from village.access import village_officer_required
from village.sheet import village_sheet


def chosen_village(request) -> str:
    """The village a desk page is about: `?desa=CODE` among the officer's villages, else the first one."""
    code = request.GET.get("desa") or request.villages[0]
    if code not in request.villages:
        raise Http404
    return code


@require_GET
@village_officer_required
def sheet(request):
    return render(
        request, "village/sheet.html", {"sheet": village_sheet(village_code=chosen_village(request))}
    )
