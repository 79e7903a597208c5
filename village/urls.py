from django.urls import path

from village import views, views_reports, views_sheet

app_name = "village"
urlpatterns = [
    path("desa/masuk/", views.VillageLoginView.as_view(), name="login"),
    path("desa/", views.home, name="home"),
    path("desa/warga/", views.residents, name="residents"),
    path("desa/warga/<int:pk>/verifikasi/", views.acknowledge, name="acknowledge"),
    path("desa/laporan-dini/", views.early_warning, name="early_warning"),
    path("desa/kabar/", views_reports.movements, name="movements"),
    path("desa/kabar/<int:placement_id>/", views_reports.movement_report, name="movement_report"),
    path("desa/sosialisasi/", views_reports.outreach, name="outreach"),
    path("desa/lembar/", views_sheet.sheet, name="sheet"),
]
