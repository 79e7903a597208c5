from django.urls import path

from complaints import api

urlpatterns = [
    path("complaints/", api.ComplaintsApi.as_view(), name="api-complaints"),
    path("complaints/track/", api.ComplaintTrackApi.as_view(), name="api-complaint-track"),
]
