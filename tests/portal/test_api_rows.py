"""The staff API lists write their rows by a plan read once from their serializer (portal/api_rows.py, for
P6): the JSON is the one DRF's own serializers write, row for row and field for field."""

import pytest
from django.db import connection

from tests.accounts.world import make_province
from tests.portal.drf_output import drf_rows

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/workers/", "/api/v1/placements/", "/api/v1/flags/", "/api/v1/complaints/"]


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


@pytest.mark.parametrize("zone", ["UTC", "Asia/Jayapura"])
def test_dates_and_instants_are_written_as_drf_writes_them_in_the_zone_of_the_request(
    settings, tmp_path, monkeypatch, api, admin_user, zone
):
    """The row plan writes dates and instants its own short way, in the zone active for the request (UTC
    ends in `Z`, another zone in its offset), as DRF does."""
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    api.force_authenticate(admin_user)
    for url in LISTS:
        with timezone.override(zone):
            ours = api.get(url).json()["results"]
            drf = drf_rows(monkeypatch, api, url)

        assert ours == drf, url
    suffix = "Z" if zone == "UTC" else "+09:00"
    assert ours[0]["created_at"].endswith(suffix)


def test_a_missing_link_is_written_as_drf_writes_it(monkeypatch, api, admin_user):
    """A complaint nobody is assigned to: `assignee.username` on no user is DRF's default (null)."""
    from tests.complaints.builders import file_complaint

    file_complaint()
    api.force_authenticate(admin_user)

    ours = api.get("/api/v1/complaints/").json()["results"]

    assert [row["assignee"] for row in ours] == [None]
    assert ours == drf_rows(monkeypatch, api, "/api/v1/complaints/")


def test_a_list_page_builds_no_model_instance(settings, tmp_path, monkeypatch, api, admin_user):
    """Every staff list's serializer writes columns only, so its page is read as plain rows: building a
    model instance per row was half of a page's time (P6)."""
    from django.db import models

    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    api.force_authenticate(admin_user)
    built: list[str] = []
    original = models.Model.from_db.__func__

    def counted_from_db(cls, db, field_names, values):
        built.append(cls._meta.label_lower)
        return original(cls, db, field_names, values)

    for url in LISTS:
        api.get(url)  # the user and the throttle's first reads
        built.clear()
        with monkeypatch.context() as patched:
            patched.setattr(models.Model, "from_db", classmethod(counted_from_db))
            response = api.get(url)
        assert response.status_code == 200, url
        assert response.json()["results"], url
        assert built == [], (url, built)


def test_a_field_only_an_instance_can_answer_keeps_the_instances():
    """A property, a linked object written as its text, or a nullable link without a null default: the page
    is read as model instances, so the output stays DRF's."""
    from rest_framework import serializers

    from complaints.models import Complaint
    from portal.api_rows import row_keys
    from workers.models import Worker

    class Masked(serializers.ModelSerializer):
        nik = serializers.CharField(source="nik_masked")

        class Meta:
            model = Worker
            fields = ["id", "nik"]

    class VillageText(serializers.ModelSerializer):
        village = serializers.CharField(source="domicile_village")

        class Meta:
            model = Worker
            fields = ["id", "village"]

    class AssigneeRequired(serializers.ModelSerializer):
        assignee = serializers.CharField(source="assignee.username")

        class Meta:
            model = Complaint
            fields = ["id", "assignee"]

    class Columns(serializers.ModelSerializer):
        village_code = serializers.CharField(source="domicile_village_id")

        class Meta:
            model = Worker
            fields = ["id", "registration_number", "village_code"]

    assert row_keys(Masked, Worker.objects.all()) is None
    assert row_keys(VillageText, Worker.objects.all()) is None
    assert row_keys(AssigneeRequired, Complaint.objects.all()) is None
    assert row_keys(Columns, Worker.objects.all()) == ("id", "registration_number", "domicile_village_id")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the NUL is refused by PostgreSQL")
def test_a_list_whose_log_row_fails_is_not_served(settings, tmp_path, monkeypatch, api, admin_user):
    """No page of people without its access-log row: a row that cannot be written fails the request."""
    from django.db import DatabaseError

    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    api.force_authenticate(admin_user)
    # PostgreSQL refuses a NUL in JSON: an error only the server finds, once the row is written.
    monkeypatch.setattr("accounts.access.safe_filter", lambda params: {"x": "\x00"})

    with pytest.raises(DatabaseError):
        api.get(LISTS[0])
