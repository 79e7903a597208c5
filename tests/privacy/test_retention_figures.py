"""Anonymisation leaves every aggregate alone: each DPRD figure (the summary, the region pages, the
outreach ranking and the village export) is the same before and after apply_retention."""

import dataclasses
import datetime
from collections.abc import Iterable

import pytest
from django.core.management import call_command

from complaints.models import Complaint
from dashboards.periods import Period
from dashboards.selectors import outreach_priorities, region_dashboard, village_counts
from dashboards.services import summary_refresh
from privacy.models import AnonymisedRecord
from privacy.services import retention_apply
from tests.dashboards.builders import (
    LABUHAN_MARINGGAI,
    LAMPUNG_TIMUR,
    SUKADANA,
    SUKADANA_DISTRICT,
    SURABAYA,
    D,
    at,
    make_complaint,
    make_placement,
    make_return,
    make_world,
)
from tests.dashboards.counts import direct_counts, summary_counts
from tests.dashboards.test_summary_refresh import CODES
from workers.models import Worker

pytestmark = pytest.mark.django_db

WIDE = Period(D(2023, 1, 1), D(2026, 12, 1))
FAR_FUTURE = datetime.datetime(2045, 1, 1, tzinfo=datetime.UTC)


RANKED = (LAMPUNG_TIMUR, SUKADANA_DISTRICT, "18", "35")


def figures(codes: Iterable[str] = CODES, ranked: Iterable[str] = RANKED, period: Period = WIDE) -> dict:
    """Every published figure: the summary and direct counts at every level of `codes`, and the DPRD
    reads (outreach ranking, village export) of the regions `ranked`."""
    found: dict = {}
    for code in codes:
        found[("summary", code)] = summary_counts(code, period)
        found[("direct", code)] = direct_counts(code, period)
        # The page as published, less the time of the summary's rebuild ("data as of").
        found[("page", code)] = dataclasses.replace(
            region_dashboard(code=code, period=period), refreshed_at=None
        )
    for code in ranked:
        found[("priorities", code)] = outreach_priorities(code=code, period=period)
        found[("villages", code)] = village_counts(code=code, period=period)
    return found


@pytest.fixture
def world(regions):
    make_world()
    # Records that retention reaches: returned workers (after placement) and closed complaints.
    for village in (SUKADANA, LABUHAN_MARINGGAI, SURABAYA):
        for month in (3, 8):
            placement = make_placement(
                village, phase="PURNA", departed_on=D(2024, month, 1), flags=("NP-DOCS",)
            )
            make_return(placement, returned_on=D(2026, month, 2))
        make_complaint(village, received=at(D(2025, 4, 1)), closed=at(D(2025, 5, 1)), category="ABUSE")
    Worker.objects.filter(status="SUBMITTED").update(status="VERIFIED")
    summary_refresh()


def test_every_dprd_figure_is_the_same_after_retention(world):
    before = figures()

    report = retention_apply(now=FAR_FUTURE)  # everything not protected by law is past its period
    summary_refresh()

    done = {result.kind.value: result.count for result in report.results}
    assert done["WORKER_RECORD"] >= 6 and done["CLOSED_COMPLAINT"] >= 5  # so the comparison compares
    assert Worker.objects.filter(full_name="ANONIM").count() == done["WORKER_RECORD"]
    assert Complaint.objects.filter(description="ANONIM").count() == done["CLOSED_COMPLAINT"]
    assert figures() == before


def test_the_command_prints_by_kind_and_a_dry_run_changes_nothing(world, capsys):
    call_command("apply_retention", "--dry-run")
    dry = capsys.readouterr().out
    assert "Dry run" in dry
    for kind in ("UNVERIFIED_REGISTRATION", "WORKER_RECORD", "CLOSED_COMPLAINT", "ACCESS_LOG"):
        assert f"{kind}: would " in dry
    assert not AnonymisedRecord.objects.exists()
    call_command("apply_retention")
    assert "CLOSED_COMPLAINT: anonymised 0" in capsys.readouterr().out  # none closed 5 years ago yet
