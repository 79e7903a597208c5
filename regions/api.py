from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from portal.api import PublicApiView
from regions.codes import is_valid_code
from regions.selectors import region_children, region_exists


class RegionQuerySerializer(serializers.Serializer):
    # DRF's metaclass pops declared fields off the class, so this never shadows `Field.parent`.
    parent = serializers.CharField(required=False, allow_blank=True, max_length=13)  # type: ignore[assignment]

    def validate_parent(self, value: str) -> str | None:
        value = value.strip()
        if not value:
            return None
        if not is_valid_code(value):
            raise serializers.ValidationError(
                _("Use a dotted Kemendagri code such as 18 or 18.07 or 18.07.01.")
            )
        return value


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionListApi(PublicApiView):
    """Children of a region (Kemendagri code); without `parent`, the provinces."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "parent",
                {"type": "string", "pattern": r"^([0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)?$"},
                description="Kemendagri code, e.g. 18.07 (empty: the provinces)",
            )
        ],
        responses=RegionSerializer(many=True),
    )
    def get(self, request):
        query = RegionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        parent = query.validated_data.get("parent")
        if parent and not region_exists(code=parent):
            raise NotFound(_("No region has this code."))
        return Response(RegionSerializer(region_children(parent=parent), many=True).data)
