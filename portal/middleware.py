"""Request guards and response headers that hold for every page, form and API call alike."""

import json
import re
from collections.abc import Iterator

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.api import error_body

# C0 controls except tab, line feed and carriage return (text areas send those), DEL, the C1 controls,
# and lone surrogates (JSON can spell them; no database can store them).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_JSON_TYPES = ("application/json", "+json")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def _strings(document) -> Iterator[tuple[str, str]]:
    """Every (field, text) pair of a parsed JSON document, keys included, at any depth (walked
    without recursion, so a deeply nested body cannot exhaust the stack)."""
    stack: list[tuple[str, object]] = [("", document)]
    while stack:
        field, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                name = field or str(key)
                yield name, str(key)
                stack.append((name, item))
        elif isinstance(value, list):
            stack.extend((field, item) for item in value)
        elif isinstance(value, str):
            yield field, value


def _form_strings(query_dict) -> Iterator[tuple[str, str]]:
    for key, values in query_dict.lists():
        yield key, key
        for value in values:
            yield key, value


def _json_body(request):
    content_type = request.content_type or ""
    if not content_type.endswith(_JSON_TYPES) or not request.body:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None  # the parser answers this one with its own 400


def control_character_fields(request) -> list[str]:
    """The names of the inputs of `request` that carry a control character ("" for the path)."""
    found: list[str] = []
    if _FORBIDDEN.search(request.path_info):
        found.append("")
    sources = [_form_strings(request.GET)]
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        body = _json_body(request)
        sources.append(_strings(body) if body is not None else _form_strings(request.POST))
    for source in sources:
        for field, text in source:
            if _FORBIDDEN.search(text) and field not in found:
                found.append(field)
    return found


class ControlCharacterMiddleware:
    """Refuse input with control characters before any view sees it.

    A NUL byte cannot be stored in PostgreSQL text, so without this guard every search box and form
    field would answer 500 to `%00`; here the client gets the usual 400, JSON under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = control_character_fields(request)
        if fields:
            return self._refuse(request, fields)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, fields: list[str]):
        if request.path_info.startswith("/api/"):
            problem = _("This field contains a control character.")
            body = error_body(
                "invalid",
                _("The request contains characters that are not allowed."),
                {field or "non_field_errors": [problem] for field in fields},
            )
            return JsonResponse(body, status=400)
        return render(request, "400.html", status=400)


class PermissionsPolicyMiddleware:
    """Switch off powerful browser features the portal never uses, on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
