"""The village desk's API, for villages that run their own information system: the same user (a village
officer) with an API token, scoped to the officer's villages, every list of people logged."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import PersonListApiMixin, person_read
from placements.models import Country
from portal.api_rows import PlannedListSerializer, PlannedRowsMixin
from portal.schema import SEARCH_TEXT
from village import selectors, services
from village.access import villages_of
from village.models import WarningKind
from workers.models import Channel, Worker


class IsVillageOfficer(BasePermission):
    """Village officers with at least one village; every other role is refused (staff use the staff API)."""

    def has_permission(self, request, view) -> bool:
        return bool(villages_of(request.user))


class ResidentSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="domicile_village_id")
    destination_country = serializers.CharField(source="destination_code", allow_null=True)
    departure_date = serializers.DateField(allow_null=True)
    return_date = serializers.DateField(allow_null=True)

    class Meta:
        model = Worker
        list_serializer_class = PlannedListSerializer
        fields = ["id", "registration_number", "full_name", "nik_last4", "status", "phase", "village_code",
                  "destination_country", "departure_date", "return_date"]  # fmt: skip


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q",
            {"type": "string", "pattern": f"^$|{SEARCH_TEXT}", "maxLength": 100},
            description="Every word of the name, or the exact registration number.",
        )
    ]
)
class ResidentListApi(PersonListApiMixin, PlannedRowsMixin, generics.ListAPIView):
    """Residents of the officer's villages (registrations and their latest placement), newest first,
    keyset-paginated. NIK: last four digits only."""

    permission_classes = [IsAuthenticated, IsVillageOfficer]
    serializer_class = ResidentSerializer

    def get_queryset(self):
        return selectors.resident_list(user=self.request.user, query=self._query())

    def _query(self) -> str:
        """The search as the schema allows it: empty, or at most 100 characters with two that are not blank."""
        values = self.request.query_params.getlist("q")
        query = values[-1] if values else ""
        if len(values) > 1 or len(query) > 100 or (query and not re.fullmatch(SEARCH_TEXT, query)):
            raise serializers.ValidationError(
                {"q": [_("Give at most 100 characters, two of them not blank.")]}
            )
        return query


class EarlyWarningSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WarningKind.choices)
    event_date = serializers.DateField()
    village_code = serializers.CharField(max_length=13, required=False, default="")
    registration_number = serializers.CharField(max_length=20, required=False, default="")
    person_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    recruiter_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    recruiter_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    destination_country = serializers.CharField(max_length=2, required=False, default="")
    offered = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EarlyWarningCreateApi(APIView):
    """File an early warning from one of the officer's villages; it lands in the BP3MI officers' queue.

    Refused with 400 (each rule needs the database or another field): `village_code` must be one of the
    officer's villages (left out: the officer's only village); `registration_number` must be a resident of
    it; a `RECRUITER` report names the recruiter (`recruiter_name` or `recruiter_phone`); a `LEAVING` or
    `LEFT` report names the person (`person_name` or `registration_number`); `recruiter_phone` must be a
    phone number; `destination_country` an ISO code of the register; `event_date` at most a year ahead."""

    permission_classes = [IsAuthenticated, IsVillageOfficer]

    @extend_schema(
        request=EarlyWarningSerializer,
        responses={201: inline_serializer("EarlyWarningFiled", {"id": serializers.IntegerField(),
                                                                "status": serializers.CharField()})},
    )  # fmt: skip
    def post(self, request):
        serializer = EarlyWarningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        number = data.pop("registration_number").strip()
        worker = None
        if number:
            worker = selectors.resident_by_number(user=request.user, registration_number=number)
            if worker is None:
                raise serializers.ValidationError(
                    {"registration_number": [_("No resident of your village has this number.")]}
                )
            person_read(request=request, obj=worker)
        country = data.pop("destination_country").strip().upper()
        if country and not Country.objects.filter(code=country).exists():
            raise serializers.ValidationError({"destination_country": [_("Choose a country from the list.")]})
        warning = services.early_warning_file(
            user=request.user, worker=worker, destination_country_code=country, channel=Channel.API, **data
        )
        return Response({"id": warning.pk, "status": warning.status}, status=status.HTTP_201_CREATED)
