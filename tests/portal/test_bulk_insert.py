"""`bulk_insert` (COPY on PostgreSQL) writes what `bulk_create` writes, and hands back saved objects."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from placements.models import Placement
from portal.bulk import bulk_insert
from regions.models import Province
from tests.placements.builders import make_worker

pytestmark = pytest.mark.django_db

D = datetime.date


def placements(worker, prefix: str) -> list[Placement]:
    """Placements with a licence number to normalise, dates, a nullable field left empty and defaults."""
    return [
        Placement(
            worker_id=worker.pk,
            external_id=f"{prefix}-{n}",
            scheme="P2P",
            agency_licence_number=" kep. 101 / pptkis / 2023 ",
            job_order_number="",
            destination_country_id="TW",
            position_id="ELDERLY_CARER",
            recruiter_name="Pak Rahmat O'Neil, \\ \t tab",  # COPY's own escapes: quote, backslash, tab
            departure_date=D(2026, 5, 4) if n else None,
            contract_months=24,
            fees_charged_idr=n * 1_000_000,
            phase="PRA",
        )
        for n in range(3)
    ]


def stored(objs) -> list[dict]:
    rows = []
    for placement in Placement.objects.filter(pk__in=[p.pk for p in objs]).order_by("pk"):
        row = model_to_dict(placement)
        row.pop("id")
        row["external_id"] = row["external_id"].split("-", 1)[1]
        rows.append(row)
    return rows


def test_the_rows_written_are_those_bulk_create_writes():
    worker = make_worker()
    by_django = Placement.objects.bulk_create(placements(worker, "django"))
    ours = bulk_insert(placements(worker, "ours"))

    assert stored(ours) == stored(by_django)
    assert all(p.pk and not p._state.adding for p in ours)
    assert [p.agency_licence_number for p in ours] == ["KEP.101/PPTKIS/2023"] * 3
    created = Placement.objects.filter(pk__in=[p.pk for p in ours]).values_list("created_at", "updated_at")
    assert all(made and changed for made, changed in created)  # auto_now_add and auto_now did their work


def test_ids_come_from_the_table_so_later_rows_do_not_collide():
    worker = make_worker()
    ours = bulk_insert(placements(worker, "ours"))
    later = Placement.objects.create(
        worker=worker,
        external_id="later",
        scheme="P2P",
        destination_country_id="TW",
        position_id="ELDERLY_CARER",
    )

    assert later.pk > max(p.pk for p in ours)
    assert Placement.objects.count() == 4


def test_nothing_to_insert_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk_insert([]) == []


def test_a_model_without_an_automatic_id_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes bulk_create's way for every model")
    with pytest.raises(TypeError, match="automatic id"):
        bulk_insert([Province(code="99", name="Uji")])


def test_one_row_inserted_is_the_row_save_writes():
    from accounts.models import AccessLog
    from portal.bulk import insert_one

    def entry() -> AccessLog:
        return AccessLog(username="petugas", action="LIST", subject_type="worker", subject_id="7",
                         purpose="admin:workers_worker_changelist", ip_address="10.0.0.1",
                         detail={"filters": {"regency": "18.07"}, "note": "O'Neil \\ tab\t"})  # fmt: skip

    saved = entry()
    saved.save()
    ours = insert_one(entry())
    assert ours.pk and ours.pk != saved.pk and not ours._state.adding
    rows = {row.pop("id"): row for row in AccessLog.objects.filter(pk__in=[saved.pk, ours.pk]).values()}
    assert rows[ours.pk].pop("at") and rows[saved.pk].pop("at")  # auto_now_add did its work
    assert rows[ours.pk] == rows[saved.pk]
