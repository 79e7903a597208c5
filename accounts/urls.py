from django.urls import path

from accounts import second_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("kantor-layanan/", views.office_finder, name="office_finder"),
    path("masuk/verifikasi/", second_factor_views.verify, name="second_factor_verify"),
    path("masuk/autentikator/", second_factor_views.enrol, name="second_factor_enrol"),
    path("masuk/kode-pemulihan/", second_factor_views.recovery_codes, name="recovery_codes"),
    path("keluar/", second_factor_views.sign_out, name="sign_out"),
]
