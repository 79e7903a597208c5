from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import views

api_v1 = [
    path("", include("regions.api_urls")),
    path("", include("workers.api_urls")),
    path("", include("placements.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("datarights.api_urls")),
    path("", include("dashboards.api_urls")),
    path("", include("village.api_urls")),
]

urlpatterns = [
    # The prefixed parts first: Django tries patterns in order, and the pages below are included without a
    # prefix, so an API call or an admin page would otherwise be tried against each of them first.
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("regions.urls")),
    path("", include("accounts.urls")),
    path("", include("workers.urls")),
    path("", include("placements.urls")),
    path("", include("complaints.urls")),
    path("", include("outreach.urls")),
    path("", include("datarights.urls")),
    path("", include("dashboards.urls")),
    path("", include("village.urls")),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
