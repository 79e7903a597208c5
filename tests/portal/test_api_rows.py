"""The staff API lists write their rows by a plan read once from their serializer (portal/api_rows.py, for
P6): the JSON is the one DRF's own serializers write, row for row and field for field."""

import pytest
from rest_framework import serializers

from portal.api_rows import PlannedListSerializer
from tests.accounts.world import make_province

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/workers/", "/api/v1/placements/", "/api/v1/flags/", "/api/v1/complaints/"]


def drf_rows(monkeypatch, api, url: str) -> list[dict]:
    with monkeypatch.context() as drf:
        drf.setattr(PlannedListSerializer, "to_representation", serializers.ListSerializer.to_representation)
        return api.get(url).json()["results"]


def test_every_staff_list_writes_what_drf_writes(settings, tmp_path, monkeypatch, api, admin_user):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    make_province("35")
    api.force_authenticate(admin_user)
    compared = 0
    for url in LISTS:
        ours = api.get(url).json()["results"]

        assert ours == drf_rows(monkeypatch, api, url), url
        compared += len(ours)
    assert compared >= 8  # every list had rows to compare


def test_a_missing_link_is_written_as_drf_writes_it(monkeypatch, api, admin_user):
    """A complaint nobody is assigned to: `assignee.username` on no user is DRF's default (null)."""
    from tests.complaints.builders import file_complaint

    file_complaint()
    api.force_authenticate(admin_user)

    ours = api.get("/api/v1/complaints/").json()["results"]

    assert [row["assignee"] for row in ours] == [None]
    assert ours == drf_rows(monkeypatch, api, "/api/v1/complaints/")
