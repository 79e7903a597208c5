"""The harness's URLconf: the portal's pages plus the floor pages and the trivial view under /bench/.

Used only by the harness (a test client's `urlconf`, and the gunicorn of P8 through
`benchmarks.settings`); the portal's own URLconf never includes it."""

from django.urls import path

from benchmarks import floors
from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/floor/worker/", floors.floor_worker, name="bench-floor-worker"),
    path("bench/floor/<str:kind>/", floors.floor_page, name="bench-floor"),
    path("bench/trivial/", floors.trivial, name="bench-trivial"),
    *portal_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
