from django.urls import path

from regions import views

app_name = "regions"
urlpatterns = [
    path("wilayah/pilih/", views.cascade, name="cascade"),
]
