"""Every cell the DPRD pages, their exports and the stats API publish, compared with the true count over the
base tables, on generated data: a shown count is the count, "<5" stands only for 1 to 4, a complement
("×" on pages, "x" in files and the API) only for 5 or more, and no table's sums pin a hidden cell down."""

import csv
import html
import io
import random
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dashboards.periods import Period
from dashboards.selectors import BREAKDOWNS, COLUMNS, TREND_SERIES
from dashboards.services import summary_refresh
from regions.models import Village
from tests.dashboards.builders import (
    PERIOD,
    at,
    make_complaint,
    make_outreach,
    make_placement,
    make_worker,
)
from tests.dashboards.counts import column_counts, direct_counts
from tests.dashboards.disclosure import Cell, pinned

pytestmark = pytest.mark.django_db

QUERY = {"from": "2026-01", "to": "2026-06"}
COLUMN_KEYS = [key for key, _label in COLUMNS]
SLUG_METRIC = {slug: metric for metric, _title, _column, slug in BREAKDOWNS}
RULES = ["NP-AGENCY-UNLICENSED", "NP-DOCS", "NP-EXIT"]
# The headline figures as the page labels them (English msgids), and the column each shows.
HEADLINE = {
    "Registrations": "registrations",
    "Placements": "placements",
    "Procedural": "procedural",
    "Flagged as possibly non-procedural": "flagged",
    "Complaints": "complaints",
    "Returns": "returns",
    "Outreach events": "outreach_events",
    "Outreach participants": "participants",
    "Early warnings from village desks": "early_warnings",
}


def generate(seed: int) -> list[str]:
    """Placements, flags, complaints and outreach in four villages of each of two districts, with counts
    drawn around the threshold (0 to 9) and spread over the months of PERIOD. Returns the villages."""
    rng = random.Random(seed)
    villages = []
    for district in ("18.07.01", "18.07.02"):
        villages += list(
            Village.objects.filter(code__startswith=f"{district}.")
            .order_by("code")
            .values_list("code", flat=True)
        )[:4]
    months = PERIOD.months
    for village in villages:
        for _ in range(rng.choice([0, 1, 2, 3, 5, 6, 9])):
            make_placement(
                village,
                departed_on=rng.choice(months).replace(day=10),
                destination_country_id=rng.choice(["TW", "MY", "HK"]),
            )
        for _ in range(rng.choice([0, 1, 2, 4, 6, 7])):
            make_placement(
                village, departed_on=rng.choice(months).replace(day=12), flags=(rng.choice(RULES),)
            )
        for _ in range(rng.choice([0, 1, 3])):
            make_worker(village, registered_on=rng.choice(months).replace(day=3))
        for _ in range(rng.choice([0, 1, 2, 5, 6])):
            received = rng.choice(months).replace(day=4)
            closed = at(received.replace(day=rng.choice([5, 25]))) if rng.random() < 0.5 else None
            make_complaint(
                village, received=at(received), closed=closed, category=rng.choice(["UNPAID_WAGES", "ABUSE"])
            )
        if rng.random() < 0.5:
            make_outreach(village, held_on=rng.choice(months).replace(day=20))
    summary_refresh()
    return villages


@pytest.fixture
def dprd(client, dprd_lampungtimur, regions):
    client.force_login(dprd_lampungtimur)
    return client


# --- Reading what is published ------------------------------------------------------------------------------


def page_value(text: str):
    """A page cell as published: a mark, or the count without its thousands separator."""
    text = html.unescape(text).strip()
    return text if text in ("<5", "×", "–") else int(text.replace(".", "").replace(",", ""))


def page_cells(content: str) -> dict:
    """The page's tables: headline figures, area rows and total, trend rows, breakdown rows and totals."""
    with translation.override("id"):
        headline_labels = {translation.gettext(label): column for label, column in HEADLINE.items()}
    published: dict = {"figures": {}, "areas": {}, "trend": [], "breakdowns": {}}
    for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", content):
        if html.unescape(label) in headline_labels:
            published["figures"][headline_labels[html.unescape(label)]] = page_value(value)
    if '<table class="numbers regions">' in content:
        table = content[content.index('<table class="numbers regions">') :]
        table = table[: table.index("</table>")]
        for code, cells in re.findall(
            r'<a href="/dprd/wilayah/([\d.]+)/[^"]*">[^<]*</a></th>\s*((?:<td class="num">[^<]*</td>)+)',
            table,
        ):
            published["areas"][code] = [
                page_value(c) for c in re.findall(r'<td class="num">([^<]*)</td>', cells)
            ]
        foot = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S).group(1)
        published["area_total"] = [page_value(c) for c in re.findall(r'<td class="num">([^<]*)</td>', foot)]
    if 'data-chart="trend"' not in content:  # a village of mostly hidden figures: one sentence instead
        published["sentence"] = True
        return published
    trend = content[content.index('data-chart="trend"') :]
    trend = trend[: trend.index("</table>")]
    for cells in re.findall(r'<tr><th scope="row">[^<]*</th>((?:<td class="num">[^<]*</td>)+)</tr>', trend):
        published["trend"].append([page_value(c) for c in re.findall(r'<td class="num">([^<]*)</td>', cells)])
    for metric, body in re.findall(
        r'<section class="card breakdown" id="b-([a-z_]+)">(.*?)</section>', content, re.S
    ):
        rows = re.findall(r'<tr><td>([^<]*)</td><td class="num">([^<]*)</td></tr>', body)
        total = re.search(r'<tfoot><tr><th scope="row">[^<]*</th><td class="num">([^<]*)</td>', body)
        published["breakdowns"][metric.upper()] = (
            [(html.unescape(label), page_value(v)) for label, v in rows],
            page_value(total.group(1)) if total else None,
        )
    return published


def truth(code: str) -> dict:
    months = PERIOD.months
    return {
        "figures": column_counts(code, PERIOD),
        "direct": direct_counts(code, PERIOD),
        "trend": [column_counts(code, Period(m, m)) for m in months],
    }


# --- Checking -------------------------------------------------------------------------------------------------


def check(published, value: int, where: str, *, marks: set) -> Cell:
    if published in ("–", None):  # withheld: claims nothing
        return Cell(published, value)
    if published in marks:
        if published == "<5":
            assert 1 <= value <= 4, f"{where}: <5 stands for {value}"
        else:
            assert value >= 5, f"{where}: {published} stands for {value}"
    else:
        assert type(published) is int, f"{where}: {published!r} is not a number"
        assert published == value, f"{where}: shows {published}, the count is {value}"
    return Cell(published, value)


def check_group(parts: list[Cell], total: Cell, where: str) -> None:
    assert not pinned(parts, total), f"{where}: the sums give a hidden cell away: {parts} = {total}"


def check_area_table(rows: dict, total: list, truths: dict, own: dict, where: str, marks: set) -> None:
    """rows: code -> published cells in COLUMNS order; truths: code -> column counts."""
    checked = {
        code: [
            check(v, truths[code][k], f"{where} {code} {k}", marks=marks)
            for v, k in zip(cells, COLUMN_KEYS, strict=True)
        ]
        for code, cells in rows.items()
    }
    total_cells = [
        check(v, own[k], f"{where} total {k}", marks=marks) for v, k in zip(total, COLUMN_KEYS, strict=True)
    ]
    for i, key in enumerate(COLUMN_KEYS):
        check_group([cells[i] for cells in checked.values()], total_cells[i], f"{where} column {key}")
    place, proc, flag = (COLUMN_KEYS.index(k) for k in ("placements", "procedural", "flagged"))
    for code, cells in [*checked.items(), ("total", total_cells)]:
        check_group([cells[proc], cells[flag]], cells[place], f"{where} {code} placements")


def check_region(dprd, code: str, children: list[str]) -> dict:
    true = truth(code)
    child_truths = {c: column_counts(c, PERIOD) for c in children}
    page_marks, file_marks = {"<5", "×"}, {"<5", "x"}

    # The page.
    content = dprd.get(f"/dprd/wilayah/{code}/", QUERY).content.decode()
    page = page_cells(content)
    figures = {
        k: check(v, true["figures"][k], f"page {code} {k}", marks=page_marks)
        for k, v in page["figures"].items()
    }
    assert "disembunyikan agar angka kecil lain tidak terungkap" in html.unescape(content)  # the legend
    if page.get("sentence"):
        assert code.count(".") == 3
        assert "Angka desa ini terlalu kecil untuk diterbitkan" in html.unescape(content)
    if children:
        check_area_table(
            page["areas"], page["area_total"], child_truths, true["figures"], f"page {code}", page_marks
        )
    for i, series in enumerate(TREND_SERIES):
        months = [
            check(row[i], true["trend"][m][series], f"page {code} trend {series} {m}", marks=page_marks)
            for m, row in enumerate(page["trend"])
        ]
        if months:
            check_group(months, figures[series], f"page {code} trend {series}")

    # The API.
    api = dprd.get(f"/api/v1/stats/{code}/", QUERY).json()
    api_figures = {
        k: check(v, true["figures"][k], f"api {code} {k}", marks=file_marks)
        for k, v in api["figures"].items()
    }
    if children:
        rows = {a["code"]: [a["figures"][k] for k in COLUMN_KEYS] for a in api["areas"]}
        check_area_table(
            rows,
            [api["figures"][k] for k in COLUMN_KEYS],
            child_truths,
            true["figures"],
            f"api {code}",
            file_marks,
        )
    for series in TREND_SERIES:
        months = [
            check(v, true["trend"][m][series], f"api {code} trend {series} {m}", marks=file_marks)
            for m, v in enumerate(api["trend"][series])
        ]
        check_group(months, api_figures[series], f"api {code} trend {series}")
    for breakdown in api["breakdowns"]:
        metric = breakdown["metric"]
        column = next(c for m, _t, c, _s in BREAKDOWNS if m == metric)
        rows = [
            check(
                r["count"],
                true["direct"].get((metric, r["key"]), 0),
                f"api {code} {metric} {r['key']}",
                marks=file_marks,
            )
            for r in breakdown["rows"]
        ]
        assert {r["key"] for r in breakdown["rows"]} == {k for (m, k) in true["direct"] if m == metric}
        check_group(rows, api_figures[column], f"api {code} {metric}")
        # The page's breakdown: the same rows in the same order.
        if page.get("sentence"):
            continue
        page_rows, page_total = page["breakdowns"].get(metric, ([], None))
        assert [label for label, _v in page_rows] == [r["label"] for r in breakdown["rows"]]
        cells = [
            check(
                v,
                true["direct"].get((metric, r["key"]), 0),
                f"page {code} {metric} {r['key']}",
                marks=page_marks,
            )
            for (_label, v), r in zip(page_rows, breakdown["rows"], strict=True)
        ]
        if page_rows:
            check_group(
                cells,
                check(page_total, true["figures"][column], f"page {code} {metric} total", marks=page_marks),
                f"page {code} {metric}",
            )

    # The exports: every sheet of the XLSX, and each table's CSV, which must say the same.
    workbook = load_workbook(io.BytesIO(dprd.get(f"/dprd/wilayah/{code}/unduh.xlsx", QUERY).content))
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        response = dprd.get(f"/dprd/wilayah/{code}/unduh/{sheet.title}.csv", QUERY)
        assert response.content.startswith("\ufeff".encode()), sheet.title
        csv_rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        header_at = next(i for i, r in enumerate(rows) if r and r[0] in ("Kode", "Bulan", "Peringkat"))
        csv_header_at = next(
            i for i, r in enumerate(csv_rows) if r and r[0] in ("Kode", "Bulan", "Peringkat")
        )
        body, csv_body = rows[header_at + 1 :], csv_rows[csv_header_at + 1 :]
        assert [["" if v is None else str(v) for v in r] for r in body] == csv_body, sheet.title
        if sheet.title == "wilayah" and children:
            areas = {r[0]: r[2:] for r in body if r[0]}
            total = next(r[2:] for r in body if not r[0])
            check_area_table(areas, total, child_truths, true["figures"], f"xlsx {code}", file_marks)
        elif sheet.title == "tren":
            for i, series in enumerate(TREND_SERIES):
                months = [
                    check(r[1 + i], true["trend"][m][series], f"xlsx {code} tren {series}", marks=file_marks)
                    for m, r in enumerate(body)
                ]
                check_group(months, api_figures[series], f"xlsx {code} trend {series}")
        elif sheet.title in SLUG_METRIC:
            metric = SLUG_METRIC[sheet.title]
            column = next(c for m, _t, c, _s in BREAKDOWNS if m == metric)
            cells = [
                check(
                    r[2],
                    true["direct"].get((metric, r[0]), 0),
                    f"xlsx {code} {metric} {r[0]}",
                    marks=file_marks,
                )
                for r in body
                if r[0]
            ]
            total = check(
                next(r[2] for r in body if not r[0]),
                true["figures"][column],
                f"xlsx {code} {metric} total",
                marks=file_marks,
            )
            check_group(cells, total, f"xlsx {code} {metric}")
        elif sheet.title == "prioritas-sosialisasi":
            for r in body:
                counts = column_counts(r[1], PERIOD)
                for i, column in ((4, "registrations"), (5, "flagged"), (6, "complaints")):
                    check(r[i], counts[column], f"xlsx {code} priorities {r[1]} {column}", marks=file_marks)
    return {"page": page, "api": api}


def test_every_published_cell_tells_the_truth_and_no_sum_gives_a_hidden_one_away(dprd, regions):
    villages = generate(seed=14)

    regency = check_region(dprd, "18.07", [f"18.07.{n:02d}" for n in range(1, 25)])
    for district in ("18.07.01", "18.07.02"):
        in_district = list(
            Village.objects.filter(code__startswith=f"{district}.").values_list("code", flat=True)
        )
        check_region(dprd, district, in_district)
        # The village export against the district's row on the regency page: the same canonical cells.
        rows = dprd.get(f"/api/v1/stats/{district}/villages/", QUERY).json()["villages"]
        for column, key in (("flagged_placements", "flagged"), ("complaints", "complaints")):
            cells = [
                check(
                    r[column],
                    column_counts(r["village_code"], PERIOD)[key],
                    f"villages {r['village_code']}",
                    marks={"<5", "x"},
                )
                for r in rows
            ]
            total = regency["api"]["areas"]
            district_figure = next(a for a in total if a["code"] == district)["figures"][key]
            check_group(
                cells,
                Cell(district_figure, column_counts(district, PERIOD)[key]),
                f"villages of {district} {key}",
            )
    for village in villages:
        check_region(dprd, village, [])
    priorities = dprd.get("/api/v1/stats/18.07/outreach-priorities/", QUERY).json()["villages"]
    for row in priorities:
        counts = column_counts(row["village_code"], PERIOD)
        for column, key in (
            ("registrations", "registrations"),
            ("flagged_placements", "flagged"),
            ("complaints", "complaints"),
        ):
            check(row[column], counts[key], f"priorities {row['village_code']} {key}", marks={"<5", "x"})
