from django.contrib import admin

from accounts.admin_mixins import ReadOnlyMixin
from regions.models import District, HistoricDistrict, Province, Regency, Village


class _ReadOnlyRegionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Regions come from the decree through load_regions; nobody edits them by hand."""

    search_fields = ["code", "name"]
    list_display = ["code", "name"]
    ordering = ["code"]  # by code is by place, and pages (the village search included) stay stable
    show_full_result_count = False


admin.site.register(Province, _ReadOnlyRegionAdmin)
admin.site.register(Regency, _ReadOnlyRegionAdmin)
admin.site.register(District, _ReadOnlyRegionAdmin)
admin.site.register(Village, _ReadOnlyRegionAdmin)
admin.site.register(HistoricDistrict, _ReadOnlyRegionAdmin)
