from django.urls import path

from placements import api

urlpatterns = [
    path("agencies/", api.AgencySearchApi.as_view(), name="api-agencies"),
    path("agencies/<path:licence_number>/", api.AgencyDetailApi.as_view(), name="api-agency"),
    path("job-orders/", api.JobOrderListApi.as_view(), name="api-job-orders"),
    path("job-orders/<path:number>/", api.JobOrderDetailApi.as_view(), name="api-job-order"),
    path("placements/", api.PlacementListApi.as_view(), name="api-placements"),
    path("placements/<int:pk>/", api.PlacementDetailApi.as_view(), name="api-placement"),
    path("flags/", api.FlagListApi.as_view(), name="api-flags"),
]
