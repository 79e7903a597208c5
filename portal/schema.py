"""The API's OpenAPI description: the error answers every operation can give, documented in one place.

Kept apart from `portal.api` (the pagination class there is imported while DRF's generics load, and
drf-spectacular's AutoSchema imports those generics).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]  # the error shape names this key "fields"


class ErrorSerializer(serializers.Serializer):
    """`{"error": {"code", "message", "fields"}}`, as `portal.api.error_body` builds it."""

    error = ErrorDetailSerializer()


# Any operation can answer these: 400 (the request guard refuses control characters anywhere, and
# serializers refuse bad input), 401/403 (authentication and scope), 404 (unknown path or object) and
# 429 (every view is throttled).
ERROR_RESPONSES = {
    "400": _("Some fields are not valid. Please correct them and try again."),
    "401": _("Authentication is required."),
    "403": _("You do not have access to this resource."),
    "404": _("Not found."),
    "429": _("Too many requests. Please wait a moment and try again."),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers of every operation, in the one error shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=str(description))
                # Errors answer JSON whatever format a view also offers (`?format=csv`).
                responses[code] = self._get_response_for_code(
                    error, code, media_types=["application/json"], direction=direction
                )
        return responses


# The request guard (portal.middleware) refuses C0/C1 control characters (tab, line feed and carriage
# return aside) in every input; the schema says so on every free-text string, parameter names included.
_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
NO_CONTROL_CHARACTERS = f"^[^{_CONTROL}]*$"
# A search text: two characters that are not blank, and no control characters.
SEARCH_TEXT = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
_CONSTRAINED = ("pattern", "enum", "format", "const")


def _text_without_control_characters(node) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        types = item.get("type")
        if (types == "string" or (isinstance(types, list) and "string" in types)) and not any(
            key in item for key in _CONSTRAINED
        ):
            item["pattern"] = NO_CONTROL_CHARACTERS
        stack.extend(item.values())


def postprocess_control_characters(result, generator, request, public):
    """Spectacular postprocessing hook: request inputs say they carry no control characters and no
    fields beyond the documented ones."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                _text_without_control_characters(operation.get("parameters", []))
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):  # COMPONENT_SPLIT_REQUEST: the request halves of serializers
            _text_without_control_characters(component)
            # Unknown fields are ignored, so a client has no reason to send one; the schema lists
            # only the fields that mean something.
            component.setdefault("additionalProperties", False)
    return result
