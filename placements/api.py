from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AccessAction
from accounts.permissions import HasPersonScope
from accounts.services import access_log_record
from placements.flag_export import exported_flags
from placements.models import Agency, Flag, FlagStatus, JobOrder, Placement, Severity
from placements.selectors import (
    agency_active_job_orders,
    agency_get_by_licence,
    agency_licence_on,
    agency_search,
    job_order_get_by_number,
    job_order_state,
    placement_list,
)
from portal.schema import SEARCH_TEXT
from portal.throttling import ScopedRateThrottle


class LicenceSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    since = serializers.DateField()

    def get_status_label(self, obj) -> str:
        return str(obj.status.label)


class JobOrderSerializer(serializers.ModelSerializer):
    agency = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()
    quota_used = serializers.IntegerField()
    quota_left = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = JobOrder
        fields = [
            "number",
            "agency",
            "country",
            "position",
            "quota",
            "quota_used",
            "quota_left",
            "valid_from",
            "valid_until",
            "status",
        ]

    def get_agency(self, obj) -> dict:
        return {
            "name": obj.agency.name,
            "licence_number": obj.agency.licence_number,
            "licence_status": agency_licence_on(agency=obj.agency).status,
        }

    def get_country(self, obj) -> dict:
        return {"code": obj.country_id, "name": obj.country.name}

    def get_position(self, obj) -> dict:
        return {"code": obj.position_id, "name": str(obj.position)}

    def get_quota_left(self, obj) -> int:
        return max(obj.quota - obj.quota_used, 0)

    def get_status(self, obj) -> str:
        return job_order_state(job_order=obj)


class AgencySerializer(serializers.ModelSerializer):
    licence = serializers.SerializerMethodField()
    active_job_orders = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["name", "licence_number", "address", "phone", "licence", "active_job_orders"]

    @extend_schema(responses=LicenceSerializer)
    def get_licence(self, obj) -> dict:
        return LicenceSerializer(agency_licence_on(agency=obj)).data

    def get_active_job_orders(self, obj) -> list:
        if not self.context.get("with_job_orders"):
            return []
        return JobOrderSerializer(agency_active_job_orders(agency=obj), many=True).data


class AgencySearchApi(APIView):
    """Public: agencies by name or licence number, with their licence status today."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public_lookup"

    @extend_schema(
        parameters=[OpenApiParameter("q", {"type": "string", "pattern": SEARCH_TEXT}, required=True)],
        responses=AgencySerializer(many=True),
    )
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()
        if len(query) < 2:
            raise serializers.ValidationError({"q": [_("Type at least 2 characters.")]})
        return Response(AgencySerializer(agency_search(query=query), many=True).data)


class AgencyDetailApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public_lookup"

    @extend_schema(responses=AgencySerializer)
    def get(self, request, licence_number: str):
        agency = agency_get_by_licence(licence_number=licence_number)
        return Response(AgencySerializer(agency, context={"with_job_orders": True}).data)


class JobOrderDetailApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public_lookup"

    @extend_schema(responses=JobOrderSerializer)
    def get(self, request, number: str):
        return Response(JobOrderSerializer(job_order_get_by_number(number=number)).data)


class PlacementSerializer(serializers.ModelSerializer):
    worker_registration_number = serializers.CharField(source="worker.registration_number")
    village_code = serializers.CharField(source="worker.domicile_village_id")

    class Meta:
        model = Placement
        fields = [
            "id", "source", "external_id", "worker_registration_number", "village_code", "scheme",
            "agency_licence_number", "job_order_number", "recruiter_type", "destination_country", "position",
            "employer_type", "visa_type", "recruited_date", "departure_date", "arrival_date", "official_exit",
            "contract_months", "bpjs_valid_from", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "updated_at",
        ]  # fmt: skip


class PlacementListApi(generics.ListAPIView):
    """Placements of workers in the caller's scope, newest first, cursor-paginated."""

    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = PlacementSerializer

    def get_queryset(self):
        return placement_list(user=self.request.user)


class PlacementDetailApi(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = PlacementSerializer

    def get_queryset(self):
        return placement_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        placement = self.get_object()
        access_log_record(
            request=request,
            action=AccessAction.API_READ,
            subject_type="worker",
            subject_id=placement.worker_id,
            detail={"placement": placement.pk},
        )
        return Response(self.get_serializer(placement).data)


class FlagSerializer(serializers.Serializer):
    """The flags export of exchange-format.md, plus the flag id for staff tools."""

    id = serializers.IntegerField()
    external_id = serializers.CharField(source="placement.external_id")
    rule = serializers.CharField()
    rule_version = serializers.IntegerField()
    severity = serializers.CharField()
    status = serializers.CharField()
    evidence = serializers.JSONField()
    first_seen_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()


def _either_case(values: list[str]) -> list[str]:
    return [*values, *(value.lower() for value in values)]


class FlagQuerySerializer(serializers.Serializer):
    """The list's filters: an unknown severity or status is refused, not read as "no flags"."""

    rule = serializers.CharField(required=False, allow_blank=True, max_length=64)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    status = serializers.ChoiceField(choices=FlagStatus.choices, required=False)


class FlagListApi(generics.ListAPIView):
    """Open and reviewed flags on placements of workers in the caller's scope (no NIK, no name)."""

    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = FlagSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", str),
            # Either case is read (`?severity=c`), so the schema lists both.
            OpenApiParameter("severity", str, enum=_either_case(Severity.values)),
            OpenApiParameter("status", str, enum=_either_case(FlagStatus.values)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        query = FlagQuerySerializer(
            data={name: params[name].upper() for name in ("rule", "severity", "status") if name in params}
        )
        query.is_valid(raise_exception=True)
        flags = exported_flags(Flag.objects.visible_to(self.request.user)).select_related("placement")
        for name, value in query.validated_data.items():
            if value:
                flags = flags.filter(**{name: value})
        return flags
