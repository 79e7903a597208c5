from django.urls import path

from workers import api

urlpatterns = [
    path("registrations/", api.RegistrationCreateApi.as_view(), name="api-registrations"),
    path("registrations/status/", api.RegistrationStatusApi.as_view(), name="api-registration-status"),
    path("workers/", api.WorkerListApi.as_view(), name="api-workers"),
    path("workers/<int:pk>/", api.WorkerDetailApi.as_view(), name="api-worker"),
    path("workers/<int:pk>/export/", api.WorkerExportApi.as_view(), name="api-worker-export"),
]
