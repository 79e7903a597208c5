"""DPRD pages: sign-in, the region pages of the member's own regency, suppression as a reader sees it,
the exports and the printable brief."""

import html
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, translation
from openpyxl import load_workbook

from accounts.models import AccessAction, AccessLog
from complaints.models import Complaint
from dashboards.periods import Period
from dashboards.selectors import COLUMNS
from dashboards.services import summary_refresh
from placements.models import Flag, Placement
from regions.models import Village
from tests.dashboards.builders import (
    AFTER,
    BEFORE,
    LABUHAN_MARINGGAI,
    LAMPUNG_SELATAN,
    PASAR_SUKADANA,
    SUKADANA,
    D,
    at,
    make_complaint,
    make_placement,
    make_placements,
    make_worker,
)
from workers.models import Worker

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2026-01", "to": "2026-06"}
QUERY = "?from=2026-01&to=2026-06"
FLAGGED = ("NP-AGENCY-UNLICENSED",)
FLAGGED_COLUMN = [key for key, _label in COLUMNS].index("flagged")


@pytest.fixture
def dprd(client, dprd_lampungtimur, regions):
    client.force_login(dprd_lampungtimur)
    return client


@pytest.fixture
def lampung_timur(regions):
    """In January to June 2026: Sukadana (18.07.01.2001) 3 flagged placements, Pakuan Aji (18.07.01.2002)
    6 flagged, Labuhan Maringgai (18.07.02.2001) 7 procedural and 1 whose flag was dismissed, 2 workers
    without a placement and 6 complaints. Around them, what must not be counted: a placement and a complaint
    before and after the period, and Lampung Selatan's placements and complaints."""
    make_placements(SUKADANA, 3, flags=FLAGGED)
    make_placements(PASAR_SUKADANA, 6, flags=FLAGGED)
    make_placements(LABUHAN_MARINGGAI, 7)
    make_placement(LABUHAN_MARINGGAI, flags=FLAGGED, flag_status="DISMISSED")
    make_worker(LABUHAN_MARINGGAI, registered_on=D(2026, 5, 2))
    make_worker(LABUHAN_MARINGGAI, registered_on=D(2026, 6, 30))
    for day in (D(2026, 1, 5), D(2026, 2, 5), D(2026, 3, 5), D(2026, 4, 5), D(2026, 5, 5), D(2026, 6, 5)):
        make_complaint(LABUHAN_MARINGGAI, received=at(day))
    for day in (BEFORE, AFTER):
        make_placement(SUKADANA, departed_on=day, flags=FLAGGED)
        make_complaint(SUKADANA, received=at(day))
    make_placements(LAMPUNG_SELATAN, 5, flags=FLAGGED)
    make_complaint(LAMPUNG_SELATAN, received=at(D(2026, 3, 3)))
    summary_refresh()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def figures_of(response) -> dict[str, str]:
    """The headline figures: label -> what the reader sees."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode())
    return {html.unescape(label): html.unescape(value) for label, value in pairs}


def area_rows(response) -> dict[str, list[str]]:
    """The "by area" table: area code -> its cells, in the order of COLUMNS."""
    content = response.content.decode()
    table = content[content.index('<table class="numbers regions">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<a href="/dprd/wilayah/([\d.]+)/[^"]*">[^<]*</a></th>\s*((?:<td class="num">[^<]*</td>)+)', table
    )
    return {
        code: [html.unescape(c) for c in re.findall(r'<td class="num">([^<]*)</td>', cells)]
        for code, cells in rows
    }


def area_total(response) -> list[str]:
    content = response.content.decode()
    foot = re.search(
        r"<tfoot>(.*?)</tfoot>", content[content.index('<table class="numbers regions">') :], re.S
    )
    return [html.unescape(c) for c in re.findall(r'<td class="num">([^<]*)</td>', foot.group(1))]


def csv_links(response) -> set[str]:
    return set(re.findall(r"/unduh/([\w-]+)\.csv", response.content.decode()))


@pytest.mark.parametrize(
    ("code", "name"),
    [("18.07", "Kabupaten Lampung Timur"), ("18.07.01", "Sukadana"), (SUKADANA, "Sukadana")],
)
def test_a_member_opens_the_regency_and_its_districts_and_villages(dprd, lampung_timur, code, name):
    response = dprd.get(f"/dprd/wilayah/{code}/", PERIOD)

    assert response.status_code == 200
    assert f"<h1>{name}</h1>" in response.content.decode()


def test_the_regency_page_lists_its_districts_and_links_the_priorities(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07/", PERIOD)

    rows = area_rows(response)
    assert len(rows) == 24
    assert all(code.startswith("18.07.") for code in rows)
    assert "/dprd/wilayah/18.07/prioritas-sosialisasi/" in response.content.decode()
    priorities = dprd.get("/dprd/wilayah/18.07/prioritas-sosialisasi/", PERIOD)
    assert priorities.status_code == 200
    assert "Pakuan Aji" in page_text(priorities)


@pytest.mark.parametrize(
    "path",
    [
        "/dprd/wilayah/18.01/",
        "/dprd/wilayah/18/",
        "/dprd/wilayah/indonesia/",
        "/dprd/wilayah/35.78/",
        "/dprd/wilayah/18.01/unduh.xlsx",
        "/dprd/wilayah/18.01/unduh/tren.csv",
        "/dprd/wilayah/18.01/ringkasan/",
        "/dprd/wilayah/18.01/prioritas-sosialisasi/",
    ],
)
def test_a_member_gets_403_outside_the_regency(dprd, path):
    before = AccessLog.objects.count()

    response = dprd.get(path)

    assert response.status_code == 403
    assert AccessLog.objects.count() == before


@pytest.mark.parametrize("code", ["18.07.99", "18.07.01.9999"])
def test_an_unknown_code_inside_the_regency_is_404(dprd, code):
    assert dprd.get(f"/dprd/wilayah/{code}/").status_code == 404


def test_an_invalid_period_shows_the_error_and_the_default_period(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07/", {"from": "2026-13", "to": "2026-06"})

    assert response.status_code == 200
    text = page_text(response)
    assert "Tulis bulan sebagai tahun-bulan, misalnya 2026-01." in text
    with translation.override("id"):  # the last twelve months, as the form could not be read
        assert dateformat.format(Period.default().first, "F Y") in text


def test_a_period_ending_before_it_starts_is_explained(dprd, regions):
    response = dprd.get("/dprd/wilayah/18.07/", {"from": "2026-06", "to": "2026-01"})

    assert response.status_code == 200
    assert "Bulan pertama tidak boleh sesudah bulan terakhir." in page_text(response)


# --- What the numbers say -------------------------------------------------------------------------------


def test_the_headline_figures_equal_direct_counts_over_the_base_tables(dprd, lampung_timur):
    start, end = at(D(2026, 1, 1), 0), at(D(2026, 7, 1), 0)
    live = Flag.objects.filter(placement=OuterRef("pk"), status__in=["OPEN", "CONFIRMED"])
    placements = Placement.objects.filter(
        worker__domicile_village__code__startswith="18.07.",
        departure_date__gte=start.date(),
        departure_date__lt=end.date(),
    ).annotate(flagged=Exists(live))
    direct = {
        "Pendaftaran": Worker.objects.filter(
            domicile_village__code__startswith="18.07.", created_at__gte=start, created_at__lt=end
        ).count(),
        "Penempatan": placements.count(),
        "Ditandai kemungkinan nonprosedural": placements.filter(flagged=True).count(),
        "Pengaduan": Complaint.objects.filter(
            village__code__startswith="18.07.", created_at__gte=start, created_at__lt=end
        ).count(),
    }

    shown = figures_of(dprd.get("/dprd/wilayah/18.07/", PERIOD))

    assert direct == {
        "Pendaftaran": 19,
        "Penempatan": 17,
        "Ditandai kemungkinan nonprosedural": 9,
        "Pengaduan": 6,
    }
    assert {label: shown[label] for label in direct} == {label: str(n) for label, n in direct.items()}


def test_a_village_with_three_flagged_placements_is_hidden_with_a_complement(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07.01/", PERIOD)

    rows = area_rows(response)
    flagged = {code: cells[FLAGGED_COLUMN] for code, cells in rows.items()}
    assert flagged[SUKADANA] == "<5"
    # The complement: the only other village with a flagged placement (a zero would protect nothing). It
    # holds 6, so it reads as hidden to protect another, never as fewer than five.
    assert flagged[PASAR_SUKADANA] == "×"
    assert area_total(response)[FLAGGED_COLUMN] == "9"
    assert "disembunyikan agar angka kecil lain tidak terungkap" in page_text(response)
    hidden = [code for code, value in flagged.items() if value in ("<5", "×")]
    # 9 minus the visible cells is spread over at least two hidden cells: no single one is given away.
    assert len(hidden) >= 2


def test_the_outreach_list_does_not_give_away_which_hidden_villages_are_zero(dprd, lampung_timur):
    district = dprd.get("/dprd/wilayah/18.07.01/", PERIOD)
    priorities = dprd.get("/dprd/wilayah/18.07.01/prioritas-sosialisasi/", PERIOD)
    flagged = {code: cells[FLAGGED_COLUMN] for code, cells in area_rows(district).items()}
    hidden = [code for code, value in flagged.items() if value in ("<5", "×")]
    listed = set(re.findall(r'href="/dprd/wilayah/([\d.]+)/', priorities.content.decode()))

    # A hidden village missing from the outreach list has no flagged placement: it is known to be 0.
    still_unknown = [code for code in hidden if code in listed]
    assert len(still_unknown) >= 2, f"only {still_unknown} remain unknown among {hidden}"


def test_the_regency_page_runs_as_many_queries_for_ten_districts_as_for_two(dprd, regions):
    districts = [f"18.07.{n:02d}" for n in range(1, 11)]
    villages = [
        Village.objects.filter(code__startswith=f"{d}.").order_by("code").values_list("code", flat=True)[0]
        for d in districts
    ]

    def queries() -> int:
        summary_refresh()
        dprd.get("/dprd/wilayah/18.07/", PERIOD)  # warm: session, groups
        with CaptureQueriesContext(connection) as captured:
            assert dprd.get("/dprd/wilayah/18.07/", PERIOD).status_code == 200
        return len(captured)

    for village in villages[:2]:
        make_placement(village, flags=FLAGGED)
        make_complaint(village, received=at(D(2026, 4, 1)))
    in_two = queries()
    for village in villages[2:]:
        make_placement(village, flags=FLAGGED)
        make_complaint(village, received=at(D(2026, 4, 1)))
    in_ten = queries()

    assert in_ten == in_two


# --- Exports and the brief ------------------------------------------------------------------------------


def test_the_xlsx_export_opens_with_every_table_and_hides_small_counts(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07.01/unduh.xlsx", PERIOD)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dprd-sukadana-202601-202606')
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"wilayah", "tren", "prioritas-sosialisasi"} <= set(workbook.sheetnames)
    areas = {row[0]: row for row in workbook["wilayah"].iter_rows(values_only=True)}
    assert areas[SUKADANA][2 + FLAGGED_COLUMN] == "<5"
    assert areas[PASAR_SUKADANA][2 + FLAGGED_COLUMN] == "x"  # the complement, as on the page
    priorities = {row[1]: row for row in workbook["prioritas-sosialisasi"].iter_rows(values_only=True)}
    assert priorities[SUKADANA][5] == "<5"  # flagged placements
    assert priorities[PASAR_SUKADANA][5] == "x"


def test_each_csv_linked_from_the_page_downloads(dprd, lampung_timur):
    page = dprd.get("/dprd/wilayah/18.07/", PERIOD)
    slugs = csv_links(page)

    assert {"wilayah", "tren", "negara-tujuan", "flag-per-aturan", "pengaduan-per-kategori"} <= slugs
    for slug in slugs:
        response = dprd.get(f"/dprd/wilayah/18.07/unduh/{slug}.csv", PERIOD)
        assert response.status_code == 200, slug
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.decode().startswith("\ufeffKabupaten Lampung Timur (18.07),2026-01 – 2026-06")
    assert "prioritas-sosialisasi" in csv_links(
        dprd.get("/dprd/wilayah/18.07/prioritas-sosialisasi/", PERIOD)
    )
    assert dprd.get("/dprd/wilayah/18.07/unduh/prioritas-sosialisasi.csv", PERIOD).status_code == 200


def test_an_unknown_csv_table_is_404(dprd, regions):
    assert dprd.get("/dprd/wilayah/18.07/unduh/penduduk.csv").status_code == 404


def test_the_flagged_column_of_the_district_csv_hides_the_small_village(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07.01/unduh/wilayah.csv", PERIOD)

    lines = response.content.decode().splitlines()
    sukadana = next(line.split(",") for line in lines if line.startswith(SUKADANA))
    assert sukadana[2 + FLAGGED_COLUMN] == "<5"


@pytest.mark.parametrize(("path", "what"), [("unduh.xlsx", "xlsx"), ("unduh/tren.csv", "csv:tren")])
def test_an_export_writes_a_stats_read_to_the_access_log(dprd, dprd_lampungtimur, regions, path, what):
    before = AccessLog.objects.count()

    assert dprd.get(f"/dprd/wilayah/18.07/{path}", PERIOD).status_code == 200

    assert AccessLog.objects.count() == before + 1
    entry = AccessLog.objects.latest("id")
    assert (entry.user, entry.action, entry.subject_type, entry.subject_id) == (
        dprd_lampungtimur,
        AccessAction.STATS_READ,
        "region",
        "18.07",
    )
    assert entry.detail["export"] == what


def test_the_brief_renders_with_its_print_stylesheet(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07/ringkasan/", PERIOD)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<link rel="stylesheet" href="/static/dashboards/brief.css">' in content
    assert "Pekerja migran dari Kabupaten Lampung Timur" in page_text(response)
    assert figures_of(response)["Penempatan"] == "17"
    assert "Pakuan Aji" in content  # the villages needing outreach first
    with open(finders.find("dashboards/brief.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@page" in css
    assert "@media print" in css


def test_the_page_says_how_many_cells_it_hides_and_what_each_mark_means(dprd, lampung_timur):
    response = dprd.get("/dprd/wilayah/18.07.01/", PERIOD)

    text = page_text(response)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    assert "<5 angka 1 sampai 4" in words
    assert "× disembunyikan agar angka kecil lain tidak terungkap" in words
    cells = re.findall(r'<td class="num">([^<]*)</td>|<dd>([^<]*)</dd>', response.content.decode())
    shown = [html.unescape(a or b) for a, b in cells]
    small, complement = shown.count("<5"), shown.count("×")
    assert small and complement
    assert (
        f"Disembunyikan di halaman ini: {small + complement} sel ({small} ditulis <5, {complement} ditulis ×)."
        in text
    )


def test_a_village_of_mostly_hidden_figures_shows_one_sentence_instead_of_a_grid_of_marks(
    dprd, lampung_timur
):
    # Sukadana: 3 registrations, 3 flagged placements, 3 open flags: every figure would be "<5".
    response = dprd.get(f"/dprd/wilayah/{SUKADANA}/", PERIOD)

    text = page_text(response)
    assert "Angka desa ini terlalu kecil untuk diterbitkan" in text
    assert 'href="/dprd/wilayah/18.07.01/?from=2026-01&to=2026-06"' in text
    assert not figures_of(response)
    assert 'data-chart="trend"' not in text
    # A village with enough cases keeps its figures.
    assert figures_of(dprd.get(f"/dprd/wilayah/{LABUHAN_MARINGGAI}/", PERIOD))["Penempatan"] == "8"
