"""DPRD pages: read-only aggregates of one region, Indonesian first. Every number comes from
`dashboards.selectors` (the summary table), already suppressed."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.models import AccessAction
from accounts.scoping import aggregate_scope
from accounts.services import access_log_record
from dashboards import selectors
from dashboards.exports import as_csv, as_xlsx, export_tables
from dashboards.forms import period_from
from dashboards.permissions import home_region_for, region_for_user
from dashboards.suppression import count_hidden
from regions.codes import ancestors
from regions.selectors import region_names

LOGIN_URL = reverse_lazy("dashboards:login")
# The brief fits one page: these breakdowns, the top five villages needing outreach, the headline figures.
BRIEF_BREAKDOWNS = {"DESTINATION", "FLAGS", "COMPLAINTS"}


class DashboardLoginView(auth_views.LoginView):
    template_name = "dashboards/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("dashboards:home")


class DashboardLogoutView(auth_views.LogoutView):
    next_page = "dashboards:login"  # a URL name: LogoutView resolves it


@require_GET
@login_required(login_url=LOGIN_URL)
def home(request):
    return redirect("dashboards:region", code=home_region_for(request.user))


def _page_context(request, code: str) -> dict:
    code = region_for_user(request.user, code)
    period, period_form = period_from(request.GET)
    dashboard = selectors.region_dashboard(code=code, period=period)
    return {
        "dashboard": dashboard,
        "trend_rows": [
            (month, [dashboard.trend[name][i] for name in selectors.TREND_SERIES])
            for i, month in enumerate(dashboard.trend_months)
        ],
        "period_form": period_form,
        "breadcrumbs": _breadcrumbs(request.user, code),
        "chart_data": _chart_data(dashboard),
    }


def _breadcrumbs(user, code: str) -> list[tuple[str, str]]:
    """The enclosing regions the user may open, outermost first."""
    scope = aggregate_scope(user)
    codes = [a for a in (ancestors(code)[:-1] if code else []) if scope and scope.covers(a)]
    names = region_names(codes=codes) if codes else {}
    crumbs = [("", gettext("Indonesia"))] if code and scope and scope.all_regions else []
    return crumbs + [(a, names.get(a, a)) for a in codes]


def _chart_data(dashboard: selectors.RegionDashboard) -> dict:
    """What the page's charts draw; hidden cells are null (the chart shows a gap, the table shows the mark)."""

    def values(figures):
        return [None if f.hidden else f.value for f in figures]

    return {
        "months": [f"{m:%Y-%m}" for m in dashboard.trend_months],
        "series_labels": {name: str(label) for name, label in selectors.TREND_LABELS.items()},
        "trend": {name: values(figures) for name, figures in dashboard.trend.items()},
        "breakdowns": {
            b.metric: {
                "labels": [label for _k, label, _f in b.rows],
                "values": values(f for *_r, f in b.rows),
            }
            for b in dashboard.breakdowns
        },
    }


@require_GET
@login_required(login_url=LOGIN_URL)
def region(request, code: str):
    context = _page_context(request, code)
    return render(request, "dashboards/region.html", context)


@require_GET
@login_required(login_url=LOGIN_URL)
def outreach_priorities(request, code: str):
    code = region_for_user(request.user, code)
    period, period_form = period_from(request.GET)
    priorities = selectors.outreach_priorities(code=code, period=period)
    context = {
        "code": code,
        "name": selectors.region_name(code=code),
        "period": period,
        "period_form": period_form,
        "priorities": priorities,
        "hidden": count_hidden(f for p in priorities for f in (p.registrations, p.flagged, p.complaints)),
        "refreshed_at": selectors.summary_refreshed_at(),
    }
    return render(request, "dashboards/priorities.html", context)


@require_GET
@login_required(login_url=LOGIN_URL)
def brief(request, code: str):
    context = _page_context(request, code)
    dashboard = context["dashboard"]
    context["priorities"] = selectors.outreach_priorities(code=code, period=dashboard.period, limit=5)
    context["top_breakdowns"] = [b for b in dashboard.breakdowns if b.metric in BRIEF_BREAKDOWNS]
    shown = [f for b in context["top_breakdowns"] for _k, _l, f in b.rows[:6]]
    context["hidden"] = count_hidden([*dashboard.figures.values(), *shown])
    return render(request, "dashboards/brief.html", context)


def _export(request, code: str):
    code = region_for_user(request.user, code)
    period, _form = period_from(request.GET)
    dashboard = selectors.region_dashboard(code=code, period=period)
    priorities = selectors.outreach_priorities(code=code, period=period)
    return dashboard, export_tables(dashboard, priorities)


def _log_export(request, code: str, what: str) -> None:
    access_log_record(
        request=request,
        action=AccessAction.STATS_READ,
        subject_type="region",
        subject_id=code or "ID",
        detail={"export": what, "query": request.GET.urlencode()[:200]},
    )


def _filename(dashboard, suffix: str) -> str:
    return (
        f"dprd-{slugify(dashboard.name)}-{dashboard.period.first:%Y%m}-{dashboard.period.last:%Y%m}{suffix}"
    )


@require_GET
@login_required(login_url=LOGIN_URL)
def export_xlsx(request, code: str):
    dashboard, tables = _export(request, code)
    _log_export(request, code, "xlsx")
    response = HttpResponse(
        as_xlsx(dashboard, tables),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard, ".xlsx")}"'
    return response


@require_GET
@login_required(login_url=LOGIN_URL)
def export_csv(request, code: str, table: str):
    dashboard, tables = _export(request, code)
    chosen = next((t for t in tables if t.slug == table), None)
    if chosen is None:
        raise Http404
    _log_export(request, code, f"csv:{table}")
    response = HttpResponse(as_csv(dashboard, chosen), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard, f"-{table}.csv")}"'
    return response
