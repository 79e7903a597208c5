from django.urls import path

from datarights import api

urlpatterns = [
    path("data-requests/", api.DataRequestsApi.as_view(), name="api-data-requests"),
    path("data-requests/track/", api.DataRequestTrackApi.as_view(), name="api-data-request-track"),
]
