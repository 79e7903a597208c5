from django.urls import path

from datarights import views

app_name = "datarights"
urlpatterns = [
    path("hak-data/", views.file_request, name="file"),
    path("hak-data/terkirim/", views.filed, name="filed"),
    path("hak-data/lacak/", views.track, name="track"),
    path("hak-data/lacak/unduh/", views.download, name="download"),
]
