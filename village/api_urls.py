from django.urls import path

from village import api

urlpatterns = [
    path("village/residents/", api.ResidentListApi.as_view(), name="api-village-residents"),
    path("village/early-warnings/", api.EarlyWarningCreateApi.as_view(), name="api-village-early-warnings"),
]
