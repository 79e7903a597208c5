"""API glue: the single JSON error shape `{"error": {"code", "message", "fields"}}`."""

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import ApplicationError
from portal.throttling import ScopedRateThrottle

_MESSAGES = {
    "invalid": lambda: _("Some fields are not valid. Please correct them and try again."),
    "parse_error": lambda: _("The request body could not be read."),
    "not_authenticated": lambda: _("Authentication is required."),
    "authentication_failed": lambda: _("The credentials are not valid."),
    "permission_denied": lambda: _("You do not have access to this resource."),
    "not_found": lambda: _("Not found."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "throttled": lambda: _("Too many requests. Please wait a moment and try again."),
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status, headers=headers)
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean or a field validator reached the view: bad input, not a server error.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django log it and answer 500

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {
            name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in detail.items()
        }
        response.data = error_body("invalid", _MESSAGES["invalid"](), fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response

    code = exc.default_code if isinstance(exc, exceptions.APIException) else "error"
    detail = str(getattr(exc, "detail", ""))
    # A view's own message says more than the generic one; keep it when there is one.
    specific = detail and detail != str(getattr(exc, "default_detail", ""))
    message = detail if specific or code not in _MESSAGES else _MESSAGES[code]()
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        message = _("Too many requests. Please try again in %(seconds)d seconds.") % {
            "seconds": int(exc.wait)
        }
    response.data = error_body(code, message)
    return response


class KeysetPagination(CursorPagination):
    """Keyset pages on the primary key: the last page costs what the first does, at any table size."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        # DRF falls back to the default on a page size it cannot read; the schema says an integer from
        # 1 to 500, so anything else is refused rather than silently replaced.
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) > 1 or not values[-1].isascii() or not values[-1].isdigit():
            raise exceptions.ValidationError({self.page_size_query_param: [_("Give a whole number.")]})
        size = int(values[-1])
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


class PublicApiView(APIView):
    """Base of the public endpoints: no login (so no session, no CSRF), open to anyone, throttled per
    client by `throttle_scope` (a rate in settings); without a scope, by the default anonymous rate."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope: str | None = None

    def get_throttles(self):
        if self.throttle_scope:
            return [ScopedRateThrottle()]
        return super().get_throttles()


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds its FilterSet, deep-copying every filter, and a bound form on every
    request: on the flags list that was about a millisecond (P6). A request whose query string names none of
    the set's filters has nothing to filter by and nothing to refuse, so the set is not built. Any set that
    could still act then (a required filter, its own `filter_queryset`) is built as always."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and _filters_nothing(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _filters_nothing(filterset_class: type[django_filters.FilterSet], params) -> bool:
    filters = filterset_class.base_filters
    if filterset_class.filter_queryset is not django_filters.FilterSet.filter_queryset:
        return False
    if any(flt.extra.get("required") for flt in filters.values()):
        return False
    # A filter of several fields reads `<name>_min`, `<name>_after` and the like: a prefix is enough.
    return not any(param.startswith(name) for param in params for name in filters)


class CodeFilter(django_filters.CharFilter):
    """Exact match on a code (a rule, a status), case-insensitive on input like the exchange format."""

    def filter(self, qs, value):
        return super().filter(qs, value.upper() if value else value)
