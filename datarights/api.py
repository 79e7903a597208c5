from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from datarights.choices import IdentifiedBy, RequestChannel, RequestKind
from datarights.selectors import data_request_track
from datarights.services import data_request_file, data_request_package_take, data_request_problems
from portal.api import PublicApiView
from portal.client import client_address
from portal.identifiers import PhoneSerializerField
from portal.ratelimit import submission_admit
from portal.throttling import AcceptedSubmissionThrottle


class _TextOnly:
    """DRF's CharField turns a number into text; a field the schema says is a string takes only text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class TextField(_TextOnly, serializers.CharField):
    pass


class PhoneTextField(_TextOnly, PhoneSerializerField):
    pass


class DataRequestCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    identified_by = serializers.ChoiceField(choices=IdentifiedBy.choices)
    reference = TextField(max_length=20, help_text=_("Registration number or complaint ticket"))
    nik = TextField(required=False, allow_blank=True, max_length=20, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    access_code = TextField(required=False, allow_blank=True, max_length=20, default="")
    purpose = TextField(required=False, allow_blank=True, max_length=20, default="")
    what_is_wrong = TextField(required=False, allow_blank=True, max_length=1000, default="")
    what_is_right = TextField(required=False, allow_blank=True, max_length=1000, default="")
    details = TextField(required=False, allow_blank=True, max_length=2000, default="")
    contact_phone = PhoneTextField(required=False, allow_blank=True, max_length=30, default="")

    def validate(self, attrs):
        problems = data_request_problems(
            kind=attrs["kind"], identified_by=attrs["identified_by"], nik=attrs["nik"],
            birth_date=attrs["birth_date"], access_code=attrs["access_code"], purpose=attrs["purpose"],
            what_is_wrong=attrs["what_is_wrong"], what_is_right=attrs["what_is_right"],
        )  # fmt: skip
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class DataRequestsApi(PublicApiView):
    """POST (public, no login): a person's data-rights request. The answer is the same whether or not the
    identity matches a record; keep the number and the access code, never shown again.

    Fields that depend on each other (a request lacking them is answered 400, naming the fields): `nik`
    and `birth_date` with `identified_by=REGISTRATION`; `access_code` with `COMPLAINT`, which may ask
    only `ACCESS` or `OBJECTION`; `what_is_wrong` and `what_is_right` for a `CORRECTION`; `purpose` (a
    consent purpose, such as `REGISTRATION`) for a `WITHDRAWAL`."""

    throttle_scope = "public_write"

    def get_throttles(self):
        return [AcceptedSubmissionThrottle()]

    @extend_schema(
        request=DataRequestCreateSerializer,
        responses={
            201: inline_serializer(
                "DataRequestFiled",
                {
                    "number": serializers.CharField(),
                    "access_code": serializers.CharField(),
                    "due_at": serializers.DateTimeField(),
                },
            )  # fmt: skip
        },
    )
    def post(self, request):
        serializer = DataRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wait = submission_admit(request, nik=data["nik"] or "", phone=data["contact_phone"] or "")
        if wait:
            raise Throttled(wait=wait)
        data_request, code = data_request_file(**data, channel=RequestChannel.API)
        return Response(
            {"number": data_request.number, "access_code": code, "due_at": data_request.due_at.isoformat()},
            status=status.HTTP_201_CREATED,
        )


class DataRequestTrackSerializer(serializers.Serializer):
    number = TextField(max_length=20)
    access_code = TextField(max_length=20)
    download = serializers.BooleanField(
        required=False, default=False, help_text=_("Take the data package now (available once).")
    )


class DataRequestTrackApi(PublicApiView):
    throttle_scope = "public_check"

    @extend_schema(
        request=DataRequestTrackSerializer,
        responses=inline_serializer(
            "DataRequestTrack",
            {
                "number": serializers.CharField(),
                "kind": serializers.CharField(),
                "status": serializers.CharField(),
                "status_label": serializers.CharField(),
                "due_at": serializers.DateTimeField(),
                "outcome": serializers.CharField(),
                "outcome_label": serializers.CharField(),
                "outcome_text": serializers.CharField(),
                "package_available": serializers.BooleanField(),
                "package": serializers.DictField(allow_null=True),
            },
        ),
    )
    def post(self, request):
        query = DataRequestTrackSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        data_request = data_request_track(
            number=data["number"], access_code=data["access_code"], client=client_address(request)
        )
        available = data_request.package is not None
        package = data_request_package_take(data_request=data_request) if data["download"] else None
        return Response({
            "number": data_request.number,
            "kind": data_request.kind,
            "status": data_request.status,
            "status_label": data_request.get_status_display(),
            "due_at": data_request.due_at.isoformat(),
            "outcome": data_request.outcome,
            "outcome_label": data_request.get_outcome_display() if data_request.outcome else "",
            "outcome_text": data_request.outcome_text,
            "package_available": available and package is None and not data["download"],
            "package": package,
        })  # fmt: skip
