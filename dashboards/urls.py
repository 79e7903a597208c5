from django.urls import path

from dashboards import views
from dashboards.converters import register_region_converter

register_region_converter()

app_name = "dashboards"
urlpatterns = [
    path("dprd/masuk/", views.DashboardLoginView.as_view(), name="login"),
    path("dprd/keluar/", views.DashboardLogoutView.as_view(), name="logout"),
    path("dprd/", views.home, name="home"),
    path("dprd/wilayah/<region:code>/", views.region, name="region"),
    path("dprd/wilayah/<region:code>/prioritas-sosialisasi/", views.outreach_priorities, name="priorities"),
    path("dprd/wilayah/<region:code>/ringkasan/", views.brief, name="brief"),
    path("dprd/wilayah/<region:code>/unduh.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dprd/wilayah/<region:code>/unduh/<slug:table>.csv", views.export_csv, name="export_csv"),
]
