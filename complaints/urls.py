from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("pengaduan/", views.file_complaint, name="file"),
    path("pengaduan/terkirim/", views.filed, name="filed"),
    path("pengaduan/lacak/", views.track, name="track"),
]
