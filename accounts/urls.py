from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("kantor-layanan/", views.office_finder, name="office_finder"),
]
