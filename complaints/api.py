from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.access import PersonListApiMixin
from accounts.permissions import HasPersonScope
from complaints.choices import Category, ReporterRelation
from complaints.models import Complaint
from complaints.selectors import complaint_list, public_timeline
from complaints.services import complaint_file, reporter_problems
from complaints.tracking import complaint_track
from placements.models import Country
from portal.api import PublicApiView
from portal.api_rows import PlannedListSerializer, PlannedRowsMixin
from portal.client import client_address
from portal.identifiers import PhoneSerializerField
from portal.ratelimit import submission_admit
from portal.throttling import AcceptedSubmissionThrottle
from regions.selectors import village_exists
from workers.choices import Phase


class ComplaintCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    phase = serializers.ChoiceField(choices=Phase.choices)
    description = serializers.CharField(min_length=10, max_length=5000)
    destination_country = serializers.CharField(required=False, allow_blank=True, max_length=2, default="")
    anonymous = serializers.BooleanField()
    reporter_relation = serializers.ChoiceField(
        choices=ReporterRelation.choices, required=False, allow_blank=True, default=""
    )
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    reporter_phone = PhoneSerializerField(required=False, allow_blank=True, max_length=30, default="")
    village_code = serializers.CharField(required=False, allow_blank=True, max_length=13, default="")
    agency_licence_number = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")

    def validate_destination_country(self, value: str) -> str:
        value = value.strip().upper()
        if value and not Country.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Use an ISO 3166-1 alpha-2 country code, such as MY or TW."))
        return value

    def validate_village_code(self, value: str) -> str:
        value = value.strip()
        if value and not village_exists(value):
            raise serializers.ValidationError(
                _("No village has this code. Use a code such as 18.07.01.2001.")
            )
        return value

    def validate(self, attrs):
        problems = reporter_problems(
            anonymous=attrs["anonymous"],
            reporter_phone=attrs["reporter_phone"],
            reporter_relation=attrs["reporter_relation"],
        )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class TrackSerializer(serializers.Serializer):
    ticket = serializers.CharField(max_length=20)
    access_code = serializers.CharField(max_length=20)


class ComplaintTrackApi(PublicApiView):
    throttle_scope = "public_check"

    @extend_schema(
        request=TrackSerializer,
        responses=inline_serializer(
            "ComplaintTrack",
            {
                "status": serializers.CharField(),
                "events": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def post(self, request):
        query = TrackSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        complaint = complaint_track(**query.validated_data, client=client_address(request))
        events = [
            {
                "at": e.at.isoformat(),
                "kind": e.kind,
                "status": e.status_to or None,
                "status_label": e.get_status_to_display() if e.status_to else str(e.get_kind_display()),
                "text": e.text,
            }
            for e in public_timeline(complaint=complaint)
        ]
        return Response(
            {"status": complaint.status, "status_label": complaint.get_status_display(), "events": events}
        )


class ComplaintSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="village_id", allow_null=True)
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Complaint
        list_serializer_class = PlannedListSerializer
        fields = ["id", "ticket", "status", "phase", "category", "priority", "village_code", "assignee", "due_at",
                  "overdue", "overdue_since", "outcome", "created_at", "updated_at"]  # fmt: skip


class ComplaintsApi(PersonListApiMixin, PlannedRowsMixin, generics.ListAPIView):
    """GET (staff): complaints in the caller's scope, newest first, without the reporter's identity.
    POST (public, no login): file a complaint; keep the ticket and the access code, never shown again."""

    serializer_class = ComplaintSerializer
    throttle_scope = "public_write"

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated(), HasPersonScope()]

    def get_throttles(self):
        return [AcceptedSubmissionThrottle()] if self.request.method == "POST" else super().get_throttles()

    def get_queryset(self):
        return complaint_list(user=self.request.user)

    @extend_schema(
        request=ComplaintCreateSerializer,
        responses={
            201: inline_serializer(
                "ComplaintFiled", {"ticket": serializers.CharField(), "access_code": serializers.CharField()}
            )
        },
    )
    def post(self, request):
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wait = submission_admit(request, phone=data["reporter_phone"] or "")
        if wait:
            raise Throttled(wait=wait)
        complaint, access_code = complaint_file(
            category=data["category"],
            phase=data["phase"],
            description=data["description"],
            anonymous=data["anonymous"],
            reporter_relation=data["reporter_relation"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            village_code=data["village_code"] or None,
            destination_country=data["destination_country"] or None,
            agency_licence_number=data["agency_licence_number"],
        )
        return Response(
            {"ticket": complaint.ticket, "access_code": access_code}, status=status.HTTP_201_CREATED
        )
