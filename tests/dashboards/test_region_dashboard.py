"""The DPRD reads (`region_dashboard`, `outreach_priorities`, `village_counts`): their numbers are the
base tables' numbers, 1 to 4 reads "<5", and nothing they publish gives a hidden count away."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.periods import Period
from dashboards.permissions import home_region_for
from dashboards.selectors import outreach_priorities, region_dashboard, village_counts
from dashboards.services import summary_refresh
from regions.models import Village
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
    make_outreach,
    make_placement,
    make_placements,
    make_world,
)
from tests.dashboards.counts import column_counts, direct_counts

pytestmark = pytest.mark.django_db

BREAKDOWN_COUNTED = ["DESTINATION", "POSITION", "SCHEME", "PHASE", "FLAGS", "COMPLAINTS", "RETURNS"]
# Kecamatan 18.07.18 of Lampung Timur has five villages: small enough to fill every one of them.
SMALL_DISTRICT = "18.07.18"


def values(figures: dict) -> dict:
    return {column: figure.value for column, figure in figures.items()}


def shown(figures: dict) -> dict:
    return {column: str(figure) for column, figure in figures.items()}


def test_dprd_lampungtimur_numbers_equal_direct_counts_over_the_base_tables(regions, dprd_lampungtimur):
    make_world()
    summary_refresh()
    code = home_region_for(dprd_lampungtimur)

    page = region_dashboard(code=code, period=PERIOD)

    assert code == LAMPUNG_TIMUR
    assert values(page.figures) == column_counts(LAMPUNG_TIMUR, PERIOD)
    assert shown(page.figures)["placements"] == "11"
    assert shown(page.figures)["flagged"] == "<5"  # 2 flagged placements
    direct = direct_counts(LAMPUNG_TIMUR, PERIOD)
    for breakdown in page.breakdowns:
        if breakdown.metric in BREAKDOWN_COUNTED:
            published = {key: figure.value for key, _label, figure in breakdown.rows}
            assert published == {k: n for (m, k), n in direct.items() if m == breakdown.metric}, (
                breakdown.metric
            )
    assert {row.code: values(row.figures) for row in page.children if any(values(row.figures).values())} == {
        SUKADANA_DISTRICT: column_counts(SUKADANA_DISTRICT, PERIOD),
        "18.07.02": column_counts("18.07.02", PERIOD),
    }
    assert len(page.children) == 24  # every district, with or without data
    for month, placed, registered in zip(
        page.trend_months, page.trend["procedural"], page.trend["registrations"], strict=True
    ):
        counts = column_counts(LAMPUNG_TIMUR, Period(month, month))
        assert (placed.value, registered.value) == (counts["procedural"], counts["registrations"]), month


def test_the_country_page_adds_up_every_province(regions):
    make_world()
    summary_refresh()

    page = region_dashboard(code="", period=PERIOD)

    assert values(page.figures) == column_counts("", PERIOD)
    provinces = {
        row.code: row.figures["placements"].value for row in page.children if row.figures["placements"].value
    }
    assert provinces == {"18": column_counts("18", PERIOD)["placements"], "35": 3}


def test_the_period_leaves_out_the_months_outside_it(regions):
    make_world()
    summary_refresh()
    january_february = Period(D(2026, 1, 1), D(2026, 2, 1))

    page = region_dashboard(code=LAMPUNG_TIMUR, period=january_february)

    assert values(page.figures) == column_counts(LAMPUNG_TIMUR, january_february)
    assert page.figures["placements"].value == 1  # the one that left on 20 January; the rest left later
    assert page.figures["complaints"].value == 1
    assert page.figures["returns"].value == 0  # returned in May
    assert page.trend_months == [D(2026, 1, 1), D(2026, 2, 1)]


def make_three_flagged_in_sukadana() -> None:
    """Sukadana: 3 flagged and 6 procedural placements; Pasar Sukadana: 7 flagged and 8 procedural; the
    district's other 18 villages: nothing."""
    make_placements(SUKADANA, 3, flags=("NP-DOCS",))
    make_placements(SUKADANA, 6)
    make_placements(PASAR_SUKADANA, 7, flags=("NP-DOCS",))
    make_placements(PASAR_SUKADANA, 8)
    summary_refresh()


def test_a_village_with_three_flagged_placements_reads_less_than_five_in_its_district(regions):
    make_three_flagged_in_sukadana()

    page = region_dashboard(code=SUKADANA_DISTRICT, period=PERIOD)

    rows = {row.code: row.figures for row in page.children}
    sukadana = shown(rows[SUKADANA])
    assert (sukadana["flagged"], sukadana["placements"]) == ("<5", "9")
    assert sukadana["procedural"] == "×"  # 6, hidden else 9 - 6 gives the 3 away; never "<5"
    assert shown(page.figures)["flagged"] == "10"
    assert [code for code, figures in rows.items() if figures["flagged"].hidden and code != SUKADANA]


def test_no_published_total_gives_the_three_flagged_placements_away(regions):
    make_three_flagged_in_sukadana()

    page = region_dashboard(code=SUKADANA_DISTRICT, period=PERIOD)

    rows = {row.code: row.figures for row in page.children}
    visible = sum(figures["flagged"].value for figures in rows.values() if not figures["flagged"].hidden)
    # Any other hidden cell of the column here is either Pasar Sukadana's 7 or a village whose row
    # shows 0 placements (so its flagged cell is 0 too): what is left of the total must not be 3 alone.
    assert page.figures["flagged"].value - visible != 3


def make_small_district() -> list[str]:
    """Flagged placements in every village of SMALL_DISTRICT: 3 in the first, then 5, 6, 7, 8."""
    villages = list(
        Village.objects.filter(code__startswith=f"{SMALL_DISTRICT}.")
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert len(villages) == 5
    for village, count in zip(villages, [3, 5, 6, 7, 8], strict=True):
        make_placements(village, count, flags=("NP-DOCS",))
    summary_refresh()
    return villages


def test_in_a_district_where_every_village_has_flags_the_smallest_other_one_is_hidden_with_the_three(regions):
    villages = make_small_district()

    page = region_dashboard(code=SMALL_DISTRICT, period=PERIOD)

    hidden = [row.code for row in page.children if row.figures["flagged"].hidden]
    assert hidden == villages[:2]
    assert str(page.figures["flagged"]) == "29"


def test_village_counts_show_no_count_that_the_district_page_hides(regions):
    villages = make_small_district()
    page = region_dashboard(code=SMALL_DISTRICT, period=PERIOD)
    hidden_on_page = {row.code for row in page.children if row.figures["flagged"].hidden}

    listed = {
        row["village_code"]: row["flagged_placements"]
        for row in village_counts(code=LAMPUNG_TIMUR, period=PERIOD)
    }

    # The page hides the 5 of the second village so that 29 minus the rest is not the first's 3; the 5
    # reads "x" (hidden to protect another), never "<5".
    assert hidden_on_page == set(villages[:2])
    assert {code: listed[code] for code in hidden_on_page} == {villages[0]: "<5", villages[1]: "x"}


def test_outreach_priorities_show_no_count_that_the_district_page_hides(regions):
    villages = make_small_district()
    page = region_dashboard(code=SMALL_DISTRICT, period=PERIOD)
    hidden_on_page = {row.code for row in page.children if row.figures["flagged"].hidden}

    listed = {p.code: str(p.flagged) for p in outreach_priorities(code=LAMPUNG_TIMUR, period=PERIOD)}

    assert set(listed) == set(villages)
    assert {code: listed[code] for code in hidden_on_page} == {villages[0]: "<5", villages[1]: "×"}


def make_flagged_villages(codes: list[str]) -> None:
    for code in codes:
        make_placement(code, flags=("NP-DOCS",))
        make_placement(code)


def test_the_region_page_takes_as_many_queries_for_30_villages_of_data_as_for_2(regions):
    villages = list(
        Village.objects.filter(code__startswith=f"{LAMPUNG_TIMUR}.")
        .order_by("code")
        .values_list("code", flat=True)[:30]
    )
    make_flagged_villages(villages[:2])
    summary_refresh()
    with CaptureQueriesContext(connection) as two:
        small = region_dashboard(code=LAMPUNG_TIMUR, period=PERIOD)

    make_flagged_villages(villages[2:])
    summary_refresh()
    with CaptureQueriesContext(connection) as thirty:
        large = region_dashboard(code=LAMPUNG_TIMUR, period=PERIOD)

    assert (small.figures["placements"].value, large.figures["placements"].value) == (4, 60)
    assert len(thirty) == len(two) <= 8


def test_a_village_with_flags_and_no_outreach_ranks_above_an_equal_one_with_recent_outreach(regions):
    make_placements(SUKADANA, 5, flags=("NP-DOCS",))
    make_placements(LABUHAN_MARINGGAI, 5, flags=("NP-DOCS",))
    make_outreach(LABUHAN_MARINGGAI, held_on=D(2026, 6, 2))
    make_placements(PASAR_SUKADANA, 6)  # no flags, no complaints: not ranked
    make_placements(LAMPUNG_SELATAN, 5, flags=("NP-DOCS",))  # another regency
    summary_refresh()

    priorities = outreach_priorities(code=LAMPUNG_TIMUR, period=PERIOD)

    assert [(p.rank, p.code) for p in priorities] == [(1, SUKADANA), (2, LABUHAN_MARINGGAI)]
    assert [p.last_outreach for p in priorities] == [None, D(2026, 6, 1)]
    assert priorities[0].score > priorities[1].score
    assert [(str(p.registrations), str(p.flagged), str(p.complaints)) for p in priorities] == [
        ("5", "5", "0")
    ] * 2


def test_an_outreach_event_long_ago_weighs_less_than_a_recent_one(regions):
    make_placements(SUKADANA, 5, flags=("NP-DOCS",))
    make_outreach(SUKADANA, held_on=D(2024, 1, 10))
    make_placements(LABUHAN_MARINGGAI, 5, flags=("NP-DOCS",))
    make_outreach(LABUHAN_MARINGGAI, held_on=D(2026, 5, 10))
    summary_refresh()

    priorities = outreach_priorities(code=LAMPUNG_TIMUR, period=PERIOD)

    assert [p.code for p in priorities] == [SUKADANA, LABUHAN_MARINGGAI]


def test_village_counts_list_every_village_under_the_region_and_hide_one_to_four(regions):
    make_placements(SUKADANA, 3, flags=("NP-DOCS",))
    make_placements(SUKADANA, 6)
    make_complaint(SUKADANA, received=at(D(2026, 4, 2)))
    make_complaint(SUKADANA, received=at(D(2026, 4, 3)))
    make_placements(LABUHAN_MARINGGAI, 7)
    make_placements(LAMPUNG_SELATAN, 5, flags=("NP-DOCS",))
    make_placements(SURABAYA, 5, flags=("NP-DOCS",))
    make_placements(SUKADANA, 2, departed_on=D(2025, 11, 3), flags=("NP-DOCS",))  # before the period
    summary_refresh()

    rows = village_counts(code=LAMPUNG_TIMUR, period=PERIOD)

    in_regency = list(
        Village.objects.filter(code__startswith="18.07.").order_by("code").values_list("code", flat=True)
    )
    assert [row["village_code"] for row in rows] == in_regency  # zeros too, and nothing outside
    assert all(row["village_name"] for row in rows)
    by_code = {row["village_code"]: row for row in rows}
    sukadana, labuhan = by_code[SUKADANA], by_code[LABUHAN_MARINGGAI]
    assert (sukadana["flagged_placements"], sukadana["open_flags"], sukadana["complaints"]) == (
        "<5",
        "<5",
        "<5",
    )
    assert labuhan == {
        "village_code": LABUHAN_MARINGGAI,
        "village_name": labuhan["village_name"],
        "placements": 7,
        "procedural_placements": 7,
        "flagged_placements": 0,
        "open_flags": 0,
        "complaints": 0,
        "early_warnings": 0,
    }
    in_province = [row["village_code"] for row in village_counts(code="18", period=PERIOD)]
    assert {LAMPUNG_SELATAN, SUKADANA, LABUHAN_MARINGGAI} <= set(in_province)
    assert all(code.startswith("18.") for code in in_province) and SURABAYA not in in_province
    assert village_counts(code=SUKADANA_DISTRICT, period=PERIOD)[0]["village_code"] == SUKADANA
