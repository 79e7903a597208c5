from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.selectors import office_for_region
from regions.forms import RegionCascadeForm
from regions.selectors import region_names


@require_GET
def office_finder(request):
    """Public: pick your village and see which BP3MI office serves you."""
    form = RegionCascadeForm(request.GET or None, required=True)
    office = None
    place = None
    if form.is_bound and form.is_valid():
        code = form.deepest_code
        office = office_for_region(code=code)
        names = region_names(
            codes=[form.cleaned_data[k] for k in ("province", "regency", "district", "village")]
        )
        place = ", ".join(names[c] for c in reversed(list(names)))
    return render(request, "accounts/office_finder.html", {"cascade": form, "office": office, "place": place})
