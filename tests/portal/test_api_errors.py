from django.core.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from portal.errors import ApplicationError


class ClosedBorderApi(APIView):
    """A stand-in view that fails the way a service does."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def get(self, request):
        raise ApplicationError(
            "Placement to this country is closed.",
            code="country_closed",
            fields={"desired_country": ["Closed to placement."]},
            status=409,
        )


class FullCleanApi(APIView):
    """A stand-in view where a model's full_clean (Django's ValidationError) reaches the API."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def get(self, request):
        if request.GET.get("whole"):
            raise ValidationError("The quota is smaller than the placements already made.")
        raise ValidationError({"quota": ["Ensure this value is greater than or equal to 1."]})


def test_a_django_validation_error_on_a_field_is_a_400_in_the_error_shape():
    response = FullCleanApi.as_view()(APIRequestFactory().get("/anything/"))

    assert response.status_code == 400
    assert response.data == {
        "error": {
            "code": "invalid",
            "message": "Ada isian yang belum benar. Mohon perbaiki lalu coba lagi.",
            "fields": {"quota": ["Ensure this value is greater than or equal to 1."]},
        }
    }


def test_a_django_validation_error_without_a_field_is_a_400_with_non_field_errors():
    response = FullCleanApi.as_view()(APIRequestFactory().get("/anything/", {"whole": "1"}))

    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid"
    assert response.data["error"]["fields"] == {
        "non_field_errors": ["The quota is smaller than the placements already made."]
    }


def test_an_unknown_region_gets_the_json_error_shape(db, api):
    response = api.get("/api/v1/regions/", {"parent": "99.01"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "No region has this code.", "fields": {}}
    }


def test_an_application_error_keeps_its_code_message_fields_and_status():
    request = APIRequestFactory().get("/anything/")

    response = ClosedBorderApi.as_view()(request)

    assert response.status_code == 409
    assert response.data == {
        "error": {
            "code": "country_closed",
            "message": "Placement to this country is closed.",
            "fields": {"desired_country": ["Closed to placement."]},
        }
    }


def test_the_third_anonymous_request_in_a_minute_is_throttled(db, api, monkeypatch):
    # DRF reads the rates once at import, so the settings fixture alone would not change them.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "600/min"})

    statuses = [api.get("/api/v1/regions/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/regions/")
    assert response.json()["error"]["code"] == "throttled"
    assert response.json()["error"]["fields"] == {}
    assert "Retry-After" in response.headers
