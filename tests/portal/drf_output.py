"""What DRF itself writes for a staff list: the planned rows (portal/api_rows.py) switched off, so a test
can compare the planned output with DRF's own, row for row and field for field."""

from rest_framework import serializers

import portal.api_rows
from portal.api_rows import PlannedListSerializer


def drf_rows(monkeypatch, api, url: str) -> list[dict]:
    with monkeypatch.context() as drf:
        drf.setattr(PlannedListSerializer, "to_representation", serializers.ListSerializer.to_representation)
        drf.setattr(portal.api_rows, "row_keys", lambda serializer_class, queryset: None)
        return api.get(url).json()["results"]
