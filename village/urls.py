from django.urls import path

from village import views

app_name = "village"
urlpatterns = [
    path("desa/masuk/", views.VillageLoginView.as_view(), name="login"),
    path("desa/", views.home, name="home"),
    path("desa/warga/", views.residents, name="residents"),
    path("desa/laporan-dini/", views.early_warning, name="early_warning"),
]
