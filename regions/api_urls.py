from django.urls import path

from regions.api import RegionListApi

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="api-regions"),
]
