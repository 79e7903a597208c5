"""Bahasa Indonesia everywhere it should be: a browser that asks for English still gets Indonesian pages,
country names and labels, on the public pages and the DPRD pages, their exports and the stats API; English
only when the person chooses it with the language switch."""

import html
import io
import re
from collections import deque
from importlib import resources

import pycountry
import pytest
from django.utils import translation
from django.utils.translation import trans_real
from openpyxl import load_workbook

from dashboards.services import summary_refresh
from tests.dashboards.builders import PASAR_SUKADANA, SUKADANA, at, make_complaint, make_placement
from tests.placements.builders import make_job_order
from workers.countries import country_name

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
QUERY = "?from=2026-01&to=2026-06"
PUBLIC = [
    "/",
    "/daftar/",
    "/daftar/status/",
    "/cek-p3mi/",
    "/cek-p3mi/?q=Sinar",
    "/cek-job-order/",
    "/cek-job-order/?number=SIP2MI/2026/LPG/0001",
    "/pengaduan/",
    "/pengaduan/lacak/",
    "/kantor-layanan/",
    "/hak-data/",
    "/hak-data/lacak/",
]
DPRD = [f"/dprd/wilayah/18.07/{QUERY}", f"/dprd/wilayah/18.07/ringkasan/{QUERY}"]
# Pages not to follow: what is not a page, what signs out, and the staff side (not in this check).
SKIP = re.compile(r"^/(static|media|admin|api|i18n|dprd/keluar)/|\.xlsx")
# Tokens every page may show in English: the language switch's own label.
ALLOWED = {"English"}


def english_country_names() -> set[str]:
    """Every English name a country has been shown by here (pycountry's, the tz database's) that its
    Indonesian name is not."""
    with translation.override("id"):
        indonesian = {country.alpha_2: country_name(country.alpha_2) for country in pycountry.countries}
    names = set()
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and name != indonesian[country.alpha_2]:
                names.add(name)
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            if name.strip() != indonesian.get(code):
                names.add(name.strip())
    return names


def english_labels() -> set[str]:
    """English msgids of the portal's and Django's catalogues that Indonesian translates differently: a
    page showing one of them was not translated. Single words and templates with placeholders are left
    out (a word like "Total" or "Status" reads the same in both)."""
    catalogue = trans_real.translation("id")._catalog
    labels = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or not msgid or msgid == msgstr:
            continue
        if "%" in msgid or "{" in msgid or len(msgid.split()) < 2:
            continue
        labels.add(" ".join(msgid.split()))
    return labels


def visible_text(content: str) -> str:
    """What a reader sees or hears: the text, and the labels of attributes."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    attributes = re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', content)
    text = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(" ".join([text, *attributes])).split())


def indonesian_country_names() -> list[str]:
    with translation.override("id"):
        return sorted({country_name(c.alpha_2) for c in pycountry.countries}, key=len, reverse=True)


def english_in(text: str, countries: set[str], labels: set[str]) -> list[str]:
    # "Brunei" is English, "Brunei Darussalam" Indonesian: look for English names outside Indonesian ones.
    for name in indonesian_country_names():
        text = text.replace(name, " ")
    found = [name for name in countries if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    found += [label for label in labels if label in text]
    return sorted(set(found) - ALLOWED)


def links(content: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="(/[^"]*)"', content)]


@pytest.fixture
def world(regions):
    """Placements to Singapore, South Korea and Cambodia from Lampung Timur, a complaint, and a job order
    to Singapore."""
    make_placement(SUKADANA, destination_country_id="SG")
    for _ in range(6):
        make_placement(PASAR_SUKADANA, destination_country_id="KR")
    make_placement(PASAR_SUKADANA, destination_country_id="KH", flags=("NP-DOCS",))
    make_complaint(SUKADANA, received=at(make_placement(SUKADANA).departure_date))
    make_job_order("SIP2MI/2026/LPG/0001", country="SG")  # the number PUBLIC asks for
    summary_refresh()


def crawl(client, seeds: list[str], *, limit: int) -> dict[str, str]:
    """Pages reached from `seeds` by following links on the site, as an English-language browser."""
    seen: dict[str, str] = {}
    queue = deque(seeds)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen or SKIP.search(path):
            continue
        response = client.get(path, **ENGLISH_BROWSER)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            seen[path] = ""
            continue
        content = response.content.decode()
        seen[path] = content
        queue.extend(
            link
            for link in links(content)
            if link.startswith(("/dprd/", "/daftar", "/cek-", "/pengaduan", "/kantor-layanan", "/hak-data"))
            or link == "/"
        )
    return seen


def test_public_and_dprd_pages_show_no_english_country_name_or_label_to_an_english_browser(
    client, world, dprd_lampungtimur
):
    countries, labels = english_country_names(), english_labels()
    assert {"Singapore", "South Korea", "Korea (South)", "Cambodia"} <= countries

    pages = crawl(client, PUBLIC, limit=40)
    client.force_login(dprd_lampungtimur)
    pages |= crawl(client, DPRD, limit=40)

    reached = [path for path, content in pages.items() if content]
    assert len(reached) >= 20
    assert "/cek-job-order/?number=SIP2MI/2026/LPG/0001" in reached
    problems = {}
    for path in reached:
        content = pages[path]
        assert '<html lang="id">' in content, path
        found = english_in(visible_text(content), countries, labels)
        if found:
            problems[path] = found
    assert not problems, problems
    # The country names are there, in Indonesian.
    assert "Singapura" in visible_text(pages["/cek-job-order/?number=SIP2MI/2026/LPG/0001"])
    regency = visible_text(pages[f"/dprd/wilayah/18.07/{QUERY}"])
    assert {"Singapura", "Korea Selatan", "Kamboja"} <= set(
        re.findall(r"Singapura|Korea Selatan|Kamboja", regency)
    )


def test_exports_and_the_stats_api_name_countries_in_indonesian(client, world, dprd_lampungtimur):
    client.force_login(dprd_lampungtimur)

    workbook = load_workbook(io.BytesIO(client.get(f"/dprd/wilayah/18.07/unduh.xlsx{QUERY}").content))
    destinations = [row[1] for row in workbook["negara-tujuan"].iter_rows(values_only=True)]
    csv_text = client.get(f"/dprd/wilayah/18.07/unduh/negara-tujuan.csv{QUERY}", **ENGLISH_BROWSER)
    api = client.get(f"/api/v1/stats/18.07/{QUERY}").json()
    api_labels = [r["label"] for b in api["breakdowns"] if b["metric"] == "DESTINATION" for r in b["rows"]]

    for published in (destinations, csv_text.content.decode("utf-8-sig"), api_labels):
        text = str(published)
        assert "Korea Selatan" in text and "Singapura" in text and "Kamboja" in text
        assert not english_in(text, english_country_names(), set())


def test_a_browser_asking_for_english_gets_indonesian_until_the_person_chooses_english(client, regions):
    first = client.get("/cek-p3mi/", **ENGLISH_BROWSER)
    assert '<html lang="id">' in first.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/cek-p3mi/"})
    chosen = client.get("/cek-p3mi/", **ENGLISH_BROWSER)

    assert '<html lang="en">' in chosen.content.decode()
    with translation.override("en"):
        assert country_name("KR") == "South Korea"
