from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.selectors import office_for_region, offices_for_regions
from regions.forms import RegionCascadeForm
from regions.models import Regency
from regions.selectors import region_names

REGENCY_MATCHES = 10


@require_GET
def office_finder(request):
    """Public: the BP3MI office serving you, from whatever you know: a province is enough (one office
    serves the whole province), a regency, district or village narrows it; or type the regency's name."""
    form = RegionCascadeForm(request.GET or None, required=False)
    regency_name = (request.GET.get("kabupaten") or "").strip()[:60]
    context: dict = {"cascade": form, "office": None, "place": None, "regency_name": regency_name}
    if form.is_bound and form.is_valid() and form.deepest_code:
        context["office"] = office_for_region(code=form.deepest_code)
        names = region_names(
            codes=[form.cleaned_data[k] for k in ("province", "regency", "district", "village")]
        )
        context["place"] = ", ".join(names[c] for c in reversed(list(names)))
    elif len(regency_name) >= 3:
        regencies = list(
            Regency.objects.filter(name__icontains=regency_name)
            .select_related("province")
            .order_by("name", "code")[:REGENCY_MATCHES]
        )
        offices = offices_for_regions(codes=[r.code for r in regencies])
        context["matches"] = [{"regency": r, "office": offices[r.code]} for r in regencies]
    elif form.is_bound and not form.refreshing:
        form.add_error(
            "province", _("Choose at least your province, or type the name of your regency or city.")
        )
    return render(request, "accounts/office_finder.html", context)
