from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.access import PersonListApiMixin
from accounts.models import AccessAction
from accounts.permissions import HasPersonScope
from placements.choices import LicenceStatus
from placements.flag_export import exported_flags
from placements.models import Agency, Flag, FlagStatus, JobOrder, Placement, Severity
from placements.selectors import (
    JobOrderProblem,
    agency_active_job_orders,
    agency_get_by_licence,
    agency_licence_on,
    agency_register,
    agency_search,
    job_order_get_by_number,
    job_order_problems,
    job_order_register,
    job_order_state,
    placement_api_list,
    placement_get,
    placement_list,
    policies_in_force,
)
from portal.api import CodeFilter, FilterBackend, PublicApiView
from portal.api_rows import PlannedListSerializer, PlannedRowsMixin
from portal.schema import SEARCH_TEXT


class LicenceSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()
    # None where the state has no such date (never licensed, not suspended): the schema says so.
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    since = serializers.DateField(allow_null=True)

    def get_status_label(self, obj) -> str:
        return str(obj.status.label)


class JobOrderReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["NOT_YET", "EXPIRED", "LICENCE", "FULL", "CLOSED", "MORATORIUM", "SPECIAL_CHANNEL"]
    )
    message = serializers.CharField()


class JobOrderSerializer(serializers.ModelSerializer):
    agency = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()
    quota_used = serializers.IntegerField()
    quota_left = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    usable = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()

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
            "usable",
            "reasons",
        ]

    def _problems(self, obj) -> list[JobOrderProblem]:
        # Computed once per job order; the policies in force once per response (shared context).
        if not hasattr(obj, "_public_problems"):
            if "policies" not in self.context:
                self.context["policies"] = policies_in_force()  # type: ignore[index]  # a dict at run time
            obj._public_problems = job_order_problems(
                job_order=obj, licence=agency_licence_on(agency=obj.agency), policies=self.context["policies"]
            )
        return obj._public_problems

    def get_agency(self, obj) -> dict:
        return {
            "name": obj.agency.name,
            "licence_number": obj.agency.licence_number,
            "licence_status": agency_licence_on(agency=obj.agency).status,
        }

    def get_country(self, obj) -> dict:
        return {"code": obj.country_id, "name": obj.country.localized_name}

    def get_position(self, obj) -> dict:
        return {"code": obj.position_id, "name": str(obj.position)}

    def get_quota_left(self, obj) -> int | None:
        # Places left mean nothing on a job order that cannot be used: say nothing rather than a number.
        if self._problems(obj):
            return None
        return max(obj.quota - obj.quota_used, 0)

    def get_usable(self, obj) -> bool:
        return not self._problems(obj)

    @extend_schema_field(JobOrderReasonSerializer(many=True))
    def get_reasons(self, obj) -> list[dict]:
        return [{"code": p.code, "message": str(p.message)} for p in self._problems(obj)]

    def get_status(self, obj) -> str:
        return job_order_state(job_order=obj)


class AgencySerializer(serializers.ModelSerializer):
    licence = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()
    active_job_orders = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["name", "licence_number", "address", "phone", "province", "licence", "active_job_orders"]

    def get_province(self, obj) -> dict | None:
        return {"code": obj.province_id, "name": obj.province.name} if obj.province_id else None

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, obj) -> dict[str, Any]:
        return LicenceSerializer(agency_licence_on(agency=obj)).data

    @extend_schema_field(JobOrderSerializer(many=True))
    def get_active_job_orders(self, obj) -> list[dict[str, Any]]:
        if not self.context.get("with_job_orders"):
            return []
        return [JobOrderSerializer(job_order).data for job_order in agency_active_job_orders(agency=obj)]


class RegisterPagination(PageNumberPagination):
    """The public registers, 20 a page like the pages (a page number a person can share)."""

    page_size = 20

    def get_page_number(self, request, paginator):
        # DRF reads an empty or unreadable page as the first; the schema says a whole number from 1.
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise serializers.ValidationError({self.page_query_param: [_("Give a whole number.")]})
        return super().get_page_number(request, paginator)


class AgencySearchApi(PublicApiView):
    """Public: agencies by name or licence number, with their licence status today. Without `q`, the
    register of agencies (licensed today unless `status` says otherwise), 20 a page."""

    throttle_scope = "public_lookup"

    @extend_schema(
        operation_id="v1_agencies_search",
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "pattern": f"^$|{SEARCH_TEXT}"},
                description="Name or exact licence number; without it, the register.",
            ),
            OpenApiParameter("status", str, enum=["ALL", *LicenceStatus.values]),
            OpenApiParameter("province", str, description="Province code, e.g. 18"),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
        ],
        # A search answers a list; no search answers a page of the register.
        responses=PolymorphicProxySerializer(
            component_name="AgencySearchOrRegister",
            serializers=[
                AgencySerializer(many=True),
                inline_serializer(
                    "AgencyRegisterPage",
                    {
                        "count": serializers.IntegerField(),
                        "next": serializers.URLField(allow_null=True),
                        "previous": serializers.URLField(allow_null=True),
                        "results": AgencySerializer(many=True),
                    },
                ),
            ],
            resource_type_field_name=None,
            many=False,
        ),
    )
    def get(self, request):
        raw = request.query_params.get("q") or ""
        if not raw:  # no search (absent or empty, as an empty form sends it): the register
            return self._register(request)
        query = raw.strip()
        if len(query) < 2:
            raise serializers.ValidationError({"q": [_("Type at least 2 characters.")]})
        return Response(AgencySerializer(agency_search(query=query), many=True).data)

    def _register(self, request):
        status = request.query_params.get("status") or LicenceStatus.VALID
        if status not in LicenceStatus.values and status != "ALL":
            raise serializers.ValidationError({"status": [_("Unknown licence status.")]})
        province = (request.query_params.get("province") or "")[:2]
        rows = agency_register(status="" if status == "ALL" else status, province_code=province)
        paginator = RegisterPagination()
        page = paginator.paginate_queryset([agency for agency, _licence in rows], request, view=self)
        return paginator.get_paginated_response(AgencySerializer(page, many=True).data)


class AgencyDetailApi(PublicApiView):
    throttle_scope = "public_lookup"

    @extend_schema(responses=AgencySerializer)
    def get(self, request, licence_number: str):
        agency = agency_get_by_licence(licence_number=licence_number)
        return Response(AgencySerializer(agency, context={"with_job_orders": True}).data)


class JobOrderDetailApi(PublicApiView):
    throttle_scope = "public_lookup"

    @extend_schema(responses=JobOrderSerializer)
    def get(self, request, number: str):
        return Response(JobOrderSerializer(job_order_get_by_number(number=number)).data)


class JobOrderListApi(PublicApiView, generics.ListAPIView):
    """Public: the job orders a person may use today (in force, places left, agency licensed, country
    and position open), 20 a page; filter by `country` (ISO alpha-2) and `position` code."""

    throttle_scope = "public_lookup"
    serializer_class = JobOrderSerializer
    pagination_class = RegisterPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("country", str),
            OpenApiParameter("position", str),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return job_order_register(
            country_code=(params.get("country") or "")[:2], position_code=(params.get("position") or "")[:20]
        )


class PlacementSerializer(serializers.ModelSerializer):
    worker_registration_number = serializers.CharField(source="worker.registration_number")
    village_code = serializers.CharField(source="worker.domicile_village_id")

    class Meta:
        model = Placement
        list_serializer_class = PlannedListSerializer
        fields = [
            "id", "source", "external_id", "worker_registration_number", "village_code", "scheme",
            "agency_licence_number", "job_order_number", "recruiter_type", "destination_country", "position",
            "employer_type", "visa_type", "recruited_date", "departure_date", "arrival_date", "official_exit",
            "contract_months", "bpjs_valid_from", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "updated_at",
        ]  # fmt: skip


class PlacementListApi(PersonListApiMixin, PlannedRowsMixin, generics.ListAPIView):
    """Placements of workers in the caller's scope, newest first, cursor-paginated."""

    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = PlacementSerializer

    def get_queryset(self):
        return placement_api_list(user=self.request.user)


class PlacementDetailApi(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = PlacementSerializer

    def get_queryset(self):
        return placement_list(user=self.request.user)

    def get_object(self):
        return placement_get(request=self.request, pk=self.kwargs["pk"], action=AccessAction.API_READ)


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

    class Meta:
        list_serializer_class = PlannedListSerializer


def _either_case(values: list[str]) -> list[str]:
    return [*values, *(value.lower() for value in values)]


class FlagFilter(django_filters.FilterSet):
    """The list's filters, read in either case like the exchange format; an unknown severity or status is
    refused (400), not read as "no flags"."""

    rule = CodeFilter(help_text="A rule code, such as NP-AGE.")
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    status = django_filters.ChoiceFilter(choices=FlagStatus.choices)

    class Meta:
        model = Flag
        fields = ["rule", "severity", "status"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in ("severity", "status"):
                if name in data:
                    data[name] = data[name].upper()
        super().__init__(data, *args, **kwargs)


class FlagListApi(PersonListApiMixin, PlannedRowsMixin, generics.ListAPIView):
    """Open and reviewed flags on placements of workers in the caller's scope (no NIK, no name)."""

    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = FlagSerializer
    filter_backends = [FilterBackend]
    filterset_class = FlagFilter

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
        return exported_flags().visible_to(self.request.user).select_related("placement")
