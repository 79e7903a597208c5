from django.urls import path

from workers import views

app_name = "workers"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/selesai/", views.registered, name="registered"),
    path("daftar/status/", views.status_check, name="status"),
]
