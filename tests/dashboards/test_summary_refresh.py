"""`summary_refresh()` rebuilds the summary from the base tables: at every level of the region tree it
says what direct counts over the base tables say, it can run any number of times, and an import
refreshes it."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone

from dashboards.models import RegionMonthStat, SummaryState
from dashboards.periods import Period
from dashboards.services import summary_refresh
from placements.imports import placements_import
from placements.models import Flag, Placement, ReturnRecord
from portal.exchange import PLACEMENT_COLUMNS
from tests.dashboards.builders import (
    LABUHAN_MARINGGAI,
    LAMPUNG_SELATAN,
    LAMPUNG_TIMUR,
    PASAR_SUKADANA,
    PERIOD,
    SUKADANA,
    SUKADANA_DISTRICT,
    SURABAYA,
    D,
    at,
    make_complaint,
    make_placement,
    make_placements,
    make_worker,
    make_world,
)
from tests.dashboards.counts import direct_counts, summary_counts
from tests.placements.builders import make_nik

pytestmark = pytest.mark.django_db

# Every level from village to country, in Lampung Timur and outside it.
CODES = [
    SUKADANA, PASAR_SUKADANA, LABUHAN_MARINGGAI, LAMPUNG_SELATAN, SURABAYA,
    SUKADANA_DISTRICT, "18.07.02", "18.01.04", "35.78.01",
    LAMPUNG_TIMUR, "18.01", "35.78",
    "18", "35",
    "",
]  # fmt: skip


@pytest.fixture
def world(regions):
    make_world()
    summary_refresh()


def rows() -> set[tuple]:
    return set(
        RegionMonthStat.objects.values_list(
            "parent_code", "region_code", "level", "month", "metric", "key", "value"
        )
    )


def test_the_summary_equals_direct_counts_over_the_base_tables_at_every_level(world):
    differences = {
        code or "country": (summary_counts(code, PERIOD), direct_counts(code, PERIOD))
        for code in CODES
        if summary_counts(code, PERIOD) != direct_counts(code, PERIOD)
    }

    assert differences == {}


def test_lampung_timur_counts_are_the_ones_the_builders_made(world):
    """The direct counts themselves, so the comparison above compares something."""
    assert direct_counts(LAMPUNG_TIMUR, PERIOD) == {
        ("REGISTRATIONS", ""): 12,  # a worker per placement in the period, and one who only registered
        ("ROUTE", "FLAGGED"): 2,
        ("ROUTE", "PROCEDURAL"): 9,
        ("PHASE", "MASA"): 10,
        ("PHASE", "PRA"): 1,
        ("SCHEME", "P2P"): 10,
        ("SCHEME", "G2G"): 1,
        ("DESTINATION", "TW"): 9,
        ("DESTINATION", "MY"): 1,
        ("DESTINATION", "KR"): 1,
        ("POSITION", "ELDERLY_CARER"): 9,
        ("POSITION", "HOUSEKEEPER"): 1,
        ("POSITION", "MANUFACTURING"): 1,
        ("FLAGS", "NP-AGENCY-UNLICENSED"): 1,
        ("FLAGS", "NP-DOCS"): 2,
        ("RETURNS", "DEPORTED"): 1,
        ("COMPLAINTS", "UNPAID_WAGES"): 1,
        ("COMPLAINTS", "ABUSE"): 1,
        ("COMPLAINTS", "ILLNESS"): 1,
        ("COMPLAINT_STATUS", "CLOSED"): 2,
        ("COMPLAINT_STATUS", "RECEIVED"): 1,
        ("CLOSED", "D0_7"): 1,
        ("CLOSED", "D8_30"): 1,
        ("CLOSE_DAYS", ""): 10,
        ("OUTREACH_EVENTS", ""): 2,
        ("OUTREACH_PARTICIPANTS", "M"): 27,
        ("OUTREACH_PARTICIPANTS", "F"): 28,
        ("OUTREACH_PROSPECTIVE", ""): 11,
    }


@pytest.mark.parametrize("code", [SUKADANA, LAMPUNG_TIMUR, "18", ""], ids=lambda code: code or "country")
def test_every_month_of_the_summary_equals_direct_counts_for_that_month(world, code):
    for month in PERIOD.months:
        assert summary_counts(code, Period(month, month)) == direct_counts(code, Period(month, month)), month


def test_months_outside_the_period_are_in_the_summary_for_a_period_that_covers_them(world):
    december = Period(D(2025, 12, 1), D(2025, 12, 1))

    counts = summary_counts(SUKADANA, december)

    assert counts[("ROUTE", "FLAGGED")] == 1
    assert counts[("FLAGS", "NP-EXIT")] == 1
    assert ("FLAGS", "NP-EXIT") not in summary_counts(SUKADANA, PERIOD)
    assert summary_counts(LABUHAN_MARINGGAI, december) == {("OUTREACH_EVENTS", ""): 1} | {
        ("OUTREACH_PARTICIPANTS", "M"): 20,
        ("OUTREACH_PARTICIPANTS", "F"): 25,
        ("OUTREACH_PROSPECTIVE", ""): 9,
    }


def test_a_placement_whose_only_flag_was_dismissed_counts_as_procedural(regions):
    make_placement(SUKADANA, flags=("NP-OPP",), flag_status="DISMISSED")
    make_placement(SUKADANA, flags=("NP-OPP",), flag_status="CONFIRMED")

    summary_refresh()

    counts = summary_counts(SUKADANA, PERIOD)
    assert (counts[("ROUTE", "PROCEDURAL")], counts[("ROUTE", "FLAGGED")]) == (1, 1)
    assert counts[("FLAGS", "NP-OPP")] == 1


def test_a_worker_registered_at_half_past_midnight_wib_on_the_first_counts_in_that_month(regions):
    # 2026-02-28 17:30 UTC is 2026-03-01 00:30 in Jakarta.
    make_worker(SUKADANA, registered_on=datetime.datetime(2026, 2, 28, 17, 30, tzinfo=datetime.UTC))

    summary_refresh()

    february, march = Period(D(2026, 2, 1), D(2026, 2, 1)), Period(D(2026, 3, 1), D(2026, 3, 1))
    assert summary_counts(SUKADANA, february) == {}
    assert summary_counts(SUKADANA, march) == {("REGISTRATIONS", ""): 1}


def test_the_summary_months_follow_the_time_zone_in_settings(regions, settings):
    """The zone is read from settings.TIME_ZONE, not written into the SQL: in UTC the same moment is
    still February."""
    settings.TIME_ZONE = "UTC"
    make_worker(SUKADANA, registered_on=datetime.datetime(2026, 2, 28, 17, 30, tzinfo=datetime.UTC))

    summary_refresh()

    february, march = Period(D(2026, 2, 1), D(2026, 2, 1)), Period(D(2026, 3, 1), D(2026, 3, 1))
    assert summary_counts(SUKADANA, february) == {("REGISTRATIONS", ""): 1}
    assert summary_counts(SUKADANA, march) == {}


def test_summary_rows_name_their_level_and_parent(world):
    march = D(2026, 3, 1)
    levels = dict(
        RegionMonthStat.objects.filter(month=march, metric="ROUTE", key="PROCEDURAL").values_list(
            "region_code", "level"
        )
    )
    parents = dict(
        RegionMonthStat.objects.filter(month=march, metric="ROUTE", key="PROCEDURAL").values_list(
            "region_code", "parent_code"
        )
    )

    assert (levels[SUKADANA], parents[SUKADANA]) == (4, SUKADANA_DISTRICT)
    assert (levels[SUKADANA_DISTRICT], parents[SUKADANA_DISTRICT]) == (3, LAMPUNG_TIMUR)
    assert (levels[LAMPUNG_TIMUR], parents[LAMPUNG_TIMUR]) == (2, "18")
    assert (levels["18"], parents["18"]) == (1, "")
    assert (levels[""], parents[""]) == (0, "")


def test_refreshing_twice_gives_the_same_rows(world):
    first = rows()

    count = summary_refresh()

    assert rows() == first
    assert count == len(first) == RegionMonthStat.objects.count()


def test_a_refresh_after_new_data_changes_the_numbers(world):
    before = summary_counts(LAMPUNG_TIMUR, PERIOD)
    make_placement(PASAR_SUKADANA, departed_on=D(2026, 6, 3), flags=("NP-VISA",))
    make_complaint(SUKADANA, received=at(D(2026, 6, 4)), category="DEATH")

    assert summary_counts(LAMPUNG_TIMUR, PERIOD) == before  # nothing moves until the refresh
    summary_refresh()

    after = summary_counts(LAMPUNG_TIMUR, PERIOD)
    assert after[("ROUTE", "FLAGGED")] == before[("ROUTE", "FLAGGED")] + 1
    assert after[("FLAGS", "NP-VISA")] == 1
    assert after[("COMPLAINTS", "DEATH")] == 1
    assert after == direct_counts(LAMPUNG_TIMUR, PERIOD)


def test_a_refresh_records_when_it_ran_and_how_many_rows_it_wrote(regions):
    make_placements(SUKADANA, 2)
    started = timezone.now()

    count = summary_refresh()

    state = SummaryState.objects.get()
    assert state.pk == 1
    assert state.rows == count == RegionMonthStat.objects.count() > 0
    assert started <= state.refreshed_at <= timezone.now()


def test_rows_of_placements_that_are_gone_leave_the_summary_at_the_next_refresh(world):
    ReturnRecord.objects.all().delete()
    Flag.objects.all().delete()
    Placement.objects.all().delete()

    summary_refresh()

    assert not RegionMonthStat.objects.filter(metric__in=["ROUTE", "FLAGS", "RETURNS"]).exists()
    assert SummaryState.objects.get().rows == RegionMonthStat.objects.count()


def test_the_rebuilt_table_keeps_its_primary_key_and_can_be_rebuilt_again(world):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, RegionMonthStat._meta.db_table)
    primary = [c["columns"] for c in constraints.values() if c["primary_key"]]
    key = ["parent_code", "metric", "region_code", "month", "key"]
    # SQLite's introspection lists a composite key's columns in table order.
    assert primary == [key] if connection.vendor == "postgresql" else sorted(primary[0]) == sorted(key)
    if connection.vendor == "postgresql":  # the rebuilt table keeps the migration's checks and NOT NULLs
        assert [c["columns"] for c in constraints.values() if c["check"]] == [["level"]]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'dashboards_regionmonthstat' AND is_nullable = 'YES'"
            )
            assert cursor.fetchone()[0] == 0

    assert summary_refresh() == RegionMonthStat.objects.count()
    assert RegionMonthStat.objects.filter(parent_code=SUKADANA_DISTRICT, region_code=SUKADANA).exists()
    assert (
        RegionMonthStat.objects.get(
            parent_code=SUKADANA_DISTRICT,
            region_code=SUKADANA,
            month=D(2026, 1, 1),
            metric="ROUTE",
            key="FLAGGED",
        ).value
        == 1
    )


def import_row(n: int, village: str) -> dict:
    """A G to G placement (no agency to set up) of a new worker of `village`, departed in March 2026."""
    born = D(1990, 1, 1) + datetime.timedelta(days=n)
    return {
        "external_id": f"DASH-{n:04d}", "nik": make_nik(village[:8], "M", born, 7000 + n),
        "full_name": f"Pekerja {n}", "sex": "M", "birth_date": born.isoformat(), "village_code": village,
        "scheme": "G2G", "agency_licence_number": "", "job_order_number": "", "recruiter_type": "GOVERNMENT",
        "recruiter_name": "", "recruiter_phone": "", "destination_country": "KR", "position": "MANUFACTURING",
        "employer_type": "LEGAL_ENTITY", "visa_type": "WORK", "recruited_date": "2026-01-05",
        "departure_date": "2026-03-16", "exit_point": "Bandara Soekarno-Hatta", "official_exit": "true",
        "contract_months": "36", "bpjs_valid_until": "2029-06-30", "opp_date": "2026-03-02",
        "fees_charged_idr": "0", "phase": "MASA", "return_date": "", "return_reason": "",
    }  # fmt: skip


def test_an_import_refreshes_the_summary_once_it_commits(regions, django_capture_on_commit_callbacks):
    summary_refresh()
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=PLACEMENT_COLUMNS)
    writer.writeheader()
    writer.writerows([import_row(n, PASAR_SUKADANA) for n in range(6)])
    handle.seek(0)

    with django_capture_on_commit_callbacks(execute=True):
        report = placements_import(handle=handle)
        assert summary_counts(PASAR_SUKADANA, PERIOD) == {}  # not before the import commits

    assert report.created == 6
    counts = summary_counts(PASAR_SUKADANA, PERIOD)
    assert counts[("DESTINATION", "KR")] == 6
    assert counts[("SCHEME", "G2G")] == 6
    assert counts == direct_counts(PASAR_SUKADANA, PERIOD)
    assert summary_counts(LAMPUNG_TIMUR, PERIOD) == direct_counts(LAMPUNG_TIMUR, PERIOD)
