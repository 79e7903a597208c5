from django.urls import path

from placements import views

app_name = "placements"
urlpatterns = [
    path("cek-p3mi/", views.agency_check, name="agency_check"),
    path("cek-p3mi/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("cek-job-order/", views.job_order_check, name="job_order_check"),
]
