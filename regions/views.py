from django.shortcuts import render
from django.views.decorators.http import require_GET

from regions.forms import RegionCascadeForm


@require_GET
def cascade(request):
    """The cascade re-rendered for htmx after a change; field names keep the host form's prefix."""
    prefix = request.GET.get("prefix") or None
    form = RegionCascadeForm(request.GET, prefix=prefix, refresh=True)
    return render(request, "_partials/region_cascade.html", {"cascade": form})
