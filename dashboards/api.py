"""The stats API: the DPRD pages' aggregates for regional systems (API_CLIENT tokens) and DPRD users.

Region-scoped (403 outside the caller's regions), suppressed like the pages ("<5" for a count from 1 to 4,
"x" for a cell hidden to protect another),
throttled, and every call written to the access log.
"""

import io

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import renderers, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AccessAction
from accounts.scoping import aggregate_scope
from accounts.services import access_log_record
from dashboards import selectors
from dashboards.exports import BOM
from dashboards.forms import PeriodForm
from dashboards.periods import Period
from dashboards.permissions import region_for_user
from dashboards.suppression import COMPLEMENT_PUBLIC, HIDDEN_TEXT
from portal.errors import ApplicationError
from portal.sanitize import SafeCsvDictWriter
from portal.throttling import ScopedRateThrottle

MONTH = {"type": "string", "pattern": "^([1-9][0-9]{3}-(0[1-9]|1[0-2]))?$"}  # empty: the default
PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from",
        MONTH,
        description="First month, YYYY-MM (default: 11 months before `to`); not after `to`, at most ten years"
        " before it.",
    ),
    OpenApiParameter("to", MONTH, description="Last month, YYYY-MM (default: this month)."),
]
COUNT_NOTE = (
    'Counts are integers, or a string where a count is hidden: "<5" for a count from 1 to 4, "x" for a count'
    " of 5 or more hidden so that other small numbers are not revealed (it never means fewer than 5);"
    " null where a count is withheld because too few cases would be split."
)
COUNT_SCHEMA = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "enum": [HIDDEN_TEXT, COMPLEMENT_PUBLIC]},
    ],
    "nullable": True,
    "description": COUNT_NOTE,
}


@extend_schema_field(COUNT_SCHEMA)
class CountField(serializers.Field):
    """A published count in the schema: an integer, "<5" or "x"."""


class CsvRenderer(renderers.BaseRenderer):
    """`?format=csv` on the village export: one row per village, the JSON's keys as the header."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("villages") if isinstance(data, dict) else None
        if rows is None:  # an error: keep its message readable
            return str(data).encode()
        out = io.StringIO()
        out.write(BOM)
        writer = SafeCsvDictWriter(out, fieldnames=list(rows[0]) if rows else ["village_code"])
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()


class StatsApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "stats"

    def region_and_period(self, request, code: str) -> tuple[str, Period]:
        code = region_for_user(request.user, code)
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            fields = {form.add_prefix(name): [str(e) for e in errors] for name, errors in form.errors.items()}
            raise ApplicationError(str(_("Check the period.")), fields=fields)
        access_log_record(
            request=request,
            action=AccessAction.STATS_READ,
            subject_type="region",
            subject_id=code or "ID",
            detail={"query": request.query_params.urlencode()[:200]},
        )
        return code, form.cleaned_data["period"]


def _figures(figures: dict) -> dict:
    return {key: figure.public for key, figure in figures.items()}


class StatsRegionsApi(StatsApi):
    @extend_schema(
        operation_id="stats_regions",
        summary="Regions whose aggregates the caller may read",
        responses=inline_serializer(
            "StatsRegions", {"regions": serializers.ListField(child=serializers.DictField())}
        ),
    )
    def get(self, request):
        scope = aggregate_scope(request.user)
        if scope is None:
            return Response({"regions": []})
        codes = [""] if scope.all_regions else sorted(scope.codes)
        access_log_record(
            request=request, action=AccessAction.STATS_READ, subject_type="region", subject_id="list"
        )
        return Response(
            {"regions": [{"code": code, "name": selectors.region_name(code=code)} for code in codes]}
        )


class StatsRegionApi(StatsApi):
    @extend_schema(
        operation_id="stats_region",
        summary="Aggregates of one region: headline figures, monthly trend, breakdowns, and the areas below it",
        description=COUNT_NOTE
        + " `average_close_days` is null when fewer than 5 complaints were closed."
        + " Use `indonesia` as the code for the whole country (all-region staff only).",
        parameters=PERIOD_PARAMETERS,
        responses=inline_serializer(
            "StatsRegion",
            {
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "period": serializers.DictField(),
                "figures": serializers.DictField(child=CountField()),
                "average_close_days": serializers.FloatField(allow_null=True),
                "trend": serializers.DictField(),
                "breakdowns": serializers.ListField(child=serializers.DictField()),
                "areas": serializers.ListField(child=serializers.DictField()),
                "refreshed_at": serializers.DateTimeField(allow_null=True),
            },
        ),
    )
    def get(self, request, code: str):
        code, period = self.region_and_period(request, code)
        dashboard = selectors.region_dashboard(code=code, period=period)
        return Response(
            {
                "code": dashboard.code,
                "name": dashboard.name,
                "period": {"from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}"},
                "figures": _figures(dashboard.figures),
                "average_close_days": dashboard.average_close_days_value,
                "trend": {
                    "months": [f"{m:%Y-%m}" for m in dashboard.trend_months],
                    **{name: [f.public for f in figures] for name, figures in dashboard.trend.items()},
                },
                "breakdowns": [
                    {
                        "metric": b.metric,
                        "title": b.title,
                        "rows": [{"key": k, "label": label, "count": f.public} for k, label, f in b.rows],
                        "total": b.total.public,
                    }
                    for b in dashboard.breakdowns
                ],
                "areas": [
                    {"code": r.code, "name": r.name, "figures": _figures(r.figures)}
                    for r in dashboard.children
                ],
                "refreshed_at": dashboard.refreshed_at,
            }
        )


class StatsOutreachPrioritiesApi(StatsApi):
    @extend_schema(
        operation_id="stats_outreach_priorities",
        summary="Villages needing outreach, most urgent first",
        description=COUNT_NOTE,
        parameters=PERIOD_PARAMETERS,
        responses=inline_serializer(
            "StatsOutreachPriorities",
            {
                "villages": inline_serializer(
                    "StatsOutreachPriority",
                    {
                        "rank": serializers.IntegerField(),
                        "village_code": serializers.CharField(),
                        "village_name": serializers.CharField(),
                        "district_name": serializers.CharField(),
                        "registrations": CountField(),
                        "flagged_placements": CountField(),
                        "complaints": CountField(),
                        "last_outreach": serializers.CharField(allow_null=True),
                    },
                    many=True,
                )
            },
        ),
    )
    def get(self, request, code: str):
        code, period = self.region_and_period(request, code)
        return Response(
            {
                "villages": [
                    {
                        "rank": p.rank,
                        "village_code": p.code,
                        "village_name": p.name,
                        "district_name": p.district,
                        "registrations": p.registrations.public,
                        "flagged_placements": p.flagged.public,
                        "complaints": p.complaints.public,
                        "last_outreach": f"{p.last_outreach:%Y-%m}" if p.last_outreach else None,
                    }
                    for p in selectors.outreach_priorities(code=code, period=period)
                ]
            }
        )


class StatsVillageCountsApi(StatsApi):
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]

    def handle_exception(self, exc):
        # An error answers in the JSON error shape even when CSV was asked for.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response

    @extend_schema(
        operation_id="stats_village_counts",
        summary="Flag and complaint counts per village (read-only export for regional systems)",
        description=COUNT_NOTE + " Add `?format=csv` for CSV.",
        parameters=[
            OpenApiParameter(
                "code",
                {"type": "string", "pattern": r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"},
                OpenApiParameter.PATH,
                description="A province, regency, district or village code (not `indonesia`: too many villages).",
            ),
            *PERIOD_PARAMETERS,
        ],
        responses={
            (200, "application/json"): inline_serializer(
                "StatsVillageCounts",
                {
                    "villages": inline_serializer(
                        "StatsVillageCount",
                        {
                            "village_code": serializers.CharField(),
                            "village_name": serializers.CharField(),
                            **{name: CountField() for name in selectors.VILLAGE_COUNT_COLUMNS},
                        },
                        many=True,
                    )
                },
            ),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request, code: str, format=None):  # noqa: A002 - DRF's name for the renderer format
        code, period = self.region_and_period(request, code)
        return Response({"villages": selectors.village_counts(code=code, period=period)})
