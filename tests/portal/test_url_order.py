"""The address of a staff API call or an admin page is matched against its own prefix first: Django tries
the URLconf's patterns in order, and the public pages, included without a prefix, are some forty patterns
that such a request would otherwise be tried against first (part of P6 and P7's time). Moving the prefixed
parts first changed the view of none of the portal's 338 patterns (checked when it was made)."""

import pytest
from django.urls import URLPattern, resolve


@pytest.mark.parametrize(
    ("address", "view_name"),
    [
        ("/api/v1/placements/", "api-placements"),
        ("/api/v1/workers/", "api-workers"),
        ("/admin/workers/worker/nik-search/", "admin:workers_worker_nik_search"),
        ("/admin/", "admin:index"),
    ],
)
def test_a_staff_address_is_not_tried_against_the_public_pages(monkeypatch, address, view_name):
    tried: list[URLPattern] = []
    try_pattern = URLPattern.resolve

    def counting(self, path):
        tried.append(self)
        return try_pattern(self, path)

    monkeypatch.setattr(URLPattern, "resolve", counting)

    assert resolve(address).view_name == view_name
    assert len(tried) <= 20, f"{len(tried)} patterns tried"  # 41 to 53 with the pages first


def test_the_public_pages_still_answer_at_their_addresses():
    assert resolve("/").view_name == "home"
    assert resolve("/healthz").view_name == "healthz"
