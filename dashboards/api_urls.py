from django.urls import path

from dashboards import api
from dashboards.converters import register_region_converter

register_region_converter()

urlpatterns = [
    path("stats/", api.StatsRegionsApi.as_view(), name="api-stats"),
    path("stats/<region:code>/", api.StatsRegionApi.as_view(), name="api-stats-region"),
    path(
        "stats/<region:code>/outreach-priorities/",
        api.StatsOutreachPrioritiesApi.as_view(),
        name="api-stats-outreach-priorities",
    ),
    path("stats/<region:code>/villages/", api.StatsVillageCountsApi.as_view(), name="api-stats-villages"),
]
