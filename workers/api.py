from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import PersonListApiMixin
from accounts.models import AccessAction
from accounts.permissions import HasPersonScope
from portal.api import PublicApiView
from portal.api_rows import PlannedListSerializer, PlannedRowsMixin
from portal.identifiers import PhoneSerializerField
from portal.ratelimit import submission_admit
from portal.throttling import AcceptedSubmissionThrottle
from regions.selectors import village_exists
from workers.choices import Education, MaritalStatus, PositionCode, Sex
from workers.consent import registration_notice
from workers.countries import iso_country_codes
from workers.forms import district_exists, validate_birth_date
from workers.models import Channel, Worker, nik_masked
from workers.nik import nik_problem, normalise_nik
from workers.selectors import worker_data_package, worker_get, worker_list, worker_public_status
from workers.services import worker_register


class RegistrationSerializer(serializers.Serializer):
    nik = serializers.CharField(max_length=24)
    full_name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField(validators=[validate_birth_date])
    birth_place = serializers.CharField(max_length=100)
    phone = PhoneSerializerField(max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True, default="", max_length=254)
    village_code = serializers.CharField(max_length=13)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    education = serializers.ChoiceField(
        choices=Education.choices, required=False, allow_blank=True, default=""
    )
    marital_status = serializers.ChoiceField(
        choices=MaritalStatus.choices, required=False, allow_blank=True, default=""
    )
    desired_country = serializers.CharField(required=False, allow_blank=True, max_length=2, default="")
    desired_position = serializers.ChoiceField(
        choices=PositionCode.choices, required=False, allow_blank=True, default=""
    )
    consent = serializers.BooleanField()

    def validate_nik(self, value: str) -> str:
        return normalise_nik(value)

    def validate_village_code(self, value: str) -> str:
        if not village_exists(value.strip()):
            raise serializers.ValidationError(
                _("No village has this code. Use a code such as 18.07.01.2001.")
            )
        return value.strip()

    def validate_desired_country(self, value: str) -> str:
        value = value.strip().upper()
        if value and value not in iso_country_codes():
            raise serializers.ValidationError(_("Use an ISO 3166-1 alpha-2 country code, such as MY or TW."))
        return value

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("We can only register you with your consent."))
        return value

    def validate(self, attrs):
        problem = nik_problem(
            attrs["nik"], sex=attrs["sex"], birth_date=attrs["birth_date"], district_exists=district_exists
        )
        if problem:
            raise serializers.ValidationError({"nik": [problem.label]})
        return attrs


class RegistrationCreateApi(PublicApiView):
    """Register a prospective migrant worker. A NIK already registered is accepted the same way."""

    throttle_scope = "public_write"

    def get_throttles(self):
        return [AcceptedSubmissionThrottle()]  # counted only once accepted (submission_admit below)

    @extend_schema(
        request=RegistrationSerializer,
        responses={
            201: inline_serializer("RegistrationCreated", {"registration_number": serializers.CharField()})
        },
    )
    def post(self, request):
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("consent")
        wait = submission_admit(request, nik=data["nik"], phone=data["phone"])
        if wait:
            raise Throttled(wait=wait)
        worker = worker_register(**data, notice_text=registration_notice(), channel=Channel.API)
        return Response({"registration_number": worker.registration_number}, status=status.HTTP_201_CREATED)


class StatusQuerySerializer(serializers.Serializer):
    registration_number = serializers.CharField(max_length=20)
    birth_date = serializers.DateField()


class RegistrationStatusApi(PublicApiView):
    throttle_scope = "public_check"

    @extend_schema(
        request=StatusQuerySerializer,
        responses=inline_serializer(
            "RegistrationStatus",
            {
                "registration_number": serializers.CharField(),
                "status": serializers.CharField(),
                "status_label": serializers.CharField(),
                "rejection_reason": serializers.CharField(),
                # Only when the number asked about was merged into this registration (a duplicate).
                "merged_from": serializers.CharField(required=False),
            },
        ),
    )
    def post(self, request):
        query = StatusQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        worker = worker_public_status(
            registration_number=query.validated_data["registration_number"].strip().upper(),
            birth_date=query.validated_data["birth_date"],
        )
        if worker is None:
            raise NotFound(_("We found no registration with this number and birth date."))
        body = {
            "registration_number": worker.registration_number,
            "status": worker.status,
            "status_label": worker.get_status_display(),
            "rejection_reason": worker.rejection_reason,
        }
        if worker.merged_from:  # the number asked about was merged into this registration
            body["merged_from"] = worker.merged_from
        return Response(body)


class MaskedNikField(serializers.CharField):
    """The NIK masked, from its last four digits (a column, so a list page reads no model instance)."""

    def to_representation(self, value) -> str:
        return nik_masked(value)


class WorkerListSerializer(serializers.ModelSerializer):
    nik = MaskedNikField(source="nik_last4")
    village_code = serializers.CharField(source="domicile_village_id")
    village_name = serializers.CharField(source="domicile_village.name")
    regency_name = serializers.CharField(source="domicile_village.district.regency.name")

    class Meta:
        model = Worker
        list_serializer_class = PlannedListSerializer
        fields = [
            "id",
            "registration_number",
            "nik",
            "full_name",
            "sex",
            "birth_date",
            "village_code",
            "village_name",
            "regency_name",
            "status",
            "phase",
            "possible_duplicate",
            "created_at",
        ]


class WorkerListApi(PersonListApiMixin, PlannedRowsMixin, generics.ListAPIView):
    """Workers in the caller's scope, newest first, cursor-paginated. NIK masked."""

    permission_classes = [IsAuthenticated, HasPersonScope]
    serializer_class = WorkerListSerializer

    def get_queryset(self):
        return worker_list(user=self.request.user)


class WorkerDetailApi(APIView):
    permission_classes = [IsAuthenticated, HasPersonScope]

    @extend_schema(responses=WorkerListSerializer)
    def get(self, request, pk: int):
        worker = worker_get(request=request, pk=pk, action=AccessAction.API_READ)
        return Response(WorkerListSerializer(worker).data)


class WorkerExportApi(APIView):
    """One person's data package (record, documents, consent history, access trail) under UU 27/2022."""

    permission_classes = [IsAuthenticated, HasPersonScope]

    @extend_schema(responses=inline_serializer("WorkerDataPackage", {"worker": serializers.DictField()}))
    def get(self, request, pk: int):
        worker = worker_get(request=request, pk=pk, action=AccessAction.EXPORT)
        return Response(worker_data_package(worker=worker))
