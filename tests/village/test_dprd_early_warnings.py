"""The DPRD pages and the stats API count early warnings per village (issue 18, BP3MI side): aggregates
only, from the summary, suppressed like every other count, never a recruiter's or a person's name."""

import re

import pytest

from dashboards.periods import Period
from dashboards.selectors import area_table
from dashboards.services import summary_refresh
from tests.builders import SUKADANA
from village.services import early_warning_file

NEIGHBOUR = "18.07.01.2002"  # the same district


def warn(user, village: str, count: int) -> None:
    for i in range(count):
        early_warning_file(
            user=user, village_code=village, kind="RECRUITER", recruiter_name=f"Calo Rahasia {i}",
            recruiter_phone=f"0813-7777-{i:04d}", event_date=Period.default().last,
        )  # fmt: skip


@pytest.fixture
def warnings(village_officer, neighbour_officer):
    warn(village_officer, SUKADANA, 3)
    warn(neighbour_officer, NEIGHBOUR, 8)
    summary_refresh()


def test_the_summary_counts_early_warnings_by_village_and_hides_small_ones(warnings):
    table = area_table(code=SUKADANA, period=Period.default())
    sukadana, neighbour = (
        table.figures[(SUKADANA, "early_warnings")],
        table.figures[(NEIGHBOUR, "early_warnings")],
    )
    assert (sukadana.value, str(sukadana)) == (3, "<5")
    assert neighbour.value == 8
    assert table.figures[("18.07.01", "early_warnings")].value == 11


def test_the_dprd_district_page_shows_the_suppressed_count_and_no_name(client, dprd_lampungtimur, warnings):
    client.force_login(dprd_lampungtimur)
    html = client.get("/dprd/wilayah/18.07.01/").content.decode()
    headers = re.findall(r'<th scope="col" class="num">(.*?)</th>', html)
    assert headers[-1] in ("Early warnings", "Laporan dini")
    row = re.search(rf'<a href="/dprd/wilayah/{SUKADANA}/[^"]*">.*?</tr>', html, re.S).group(0)
    assert re.findall(r'<td class="num">(.*?)</td>', row)[-1] == "&lt;5"
    assert "Calo Rahasia" not in html and "0813" not in html


def test_the_stats_api_lists_early_warnings_per_village(client, dprd_lampungtimur, warnings):
    client.force_login(dprd_lampungtimur)
    rows = client.get("/api/v1/stats/18.07.01/villages/").json()["villages"]
    by_code = {row["village_code"]: row for row in rows}
    assert by_code[SUKADANA]["early_warnings"] == "<5"
    assert by_code[NEIGHBOUR]["early_warnings"] in (8, "x")
