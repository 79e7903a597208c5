from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import heartbeat_latest
from portal.api import error_body
from portal.celery import app as celery_app


@require_GET
def home(request):
    return render(request, "portal/home.html")


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down" for a health check
        return "down"


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"  # no broker configured: tasks run in-process
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001
        return "down"


@never_cache
@require_GET
def healthz(request):
    """Database and broker status for load balancers and operators; 503 when the database is down."""
    database = _database_status()
    body = {"database": database, "broker": _broker_status()}
    if database == "ok":
        beat = heartbeat_latest()
        body["worker_last_seen_seconds"] = (
            int((timezone.now() - beat.seen_at).total_seconds()) if beat else None
        )
    body["status"] = "ok" if database == "ok" and body["broker"] != "down" else "degraded"
    return JsonResponse(body, status=200 if database == "ok" else 503)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    # An unresolved address under /api/ (say a non-numeric id) answers in the API's one error shape.
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
