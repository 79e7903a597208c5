"""Indonesian throughout the admin (issue 15, item 6): an officer, in the default language, crawls the
admin index and every changelist, add and change page she may open, and sees no English label that the
Indonesian catalogue translates."""

import re
from collections import deque

import pytest

from placements.models import CountryPolicy
from tests.accounts.world import make_province
from tests.portal.test_indonesian_everywhere import (
    ENGLISH_BROWSER,
    english_in,
    english_labels,
    indonesian_country_names,
    links,
    visible_text,
)

pytestmark = pytest.mark.django_db

# Not pages, or pages that change state on GET (sign-out), or downloads.
SKIP = re.compile(
    r"^/admin/(logout|jsi18n|r)/|/history/|/delete/|\.(csv|xlsx|pdf)|/download|/unduh|[?&]o=|[?&]_"
)
# English words that Indonesian text never uses: they find English that never went through gettext (a
# verbose name, a rule's legal basis, a record's name), which the catalogue cannot know about.
ENGLISH_WORDS = re.compile(
    r"(?<![\w/.-])(the|of|by|on|and|with|for|from|rules|immigration|Statistics)(?![\w/.-])"
)
# Follow the index's links, changelists, add and change pages; not every filter combination.
FOLLOW = re.compile(r"^/admin/[a-z_]+/([a-z_]+/((add|\d+/change)/)?)?$")


def crawl_admin(client, *, limit: int) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(["/admin/"])
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
        queue.extend(link.split("#")[0] for link in links(content) if FOLLOW.match(link.split("#")[0]))
    return seen


def test_the_admin_shows_an_officer_no_english_label(client, regions, officer_lampung):
    province = make_province("18")
    client.force_login(officer_lampung)

    pages = crawl_admin(client, limit=120)

    reached = [path for path, content in pages.items() if content]
    flag = province["placements.flag"]
    assert "/admin/" in reached
    assert len(reached) >= 60  # the index, the changelists, add and change pages (99 today)
    assert f"/admin/placements/flag/{flag.pk}/change/" in reached
    assert "/admin/workers/worker/" in reached
    labels = english_labels()
    # Record content is not a label: the country register cites its English sources word for word, and
    # a country without an Indonesian name (Bonaire, Sint Eustatius and Saba) keeps its own.
    quoted = sorted(
        {
            text
            for policy in CountryPolicy.objects.all()
            for text in (policy.legal_basis, policy.source, policy.note)
        }
        | set(indonesian_country_names()),
        key=len,
        reverse=True,
    )
    problems = {}
    for path in reached:
        content = pages[path]
        assert '<html lang="id"' in content, path
        text = visible_text(content)
        for record in quoted:
            text = text.replace(" ".join(record.split()), " ") if record else text
        found = english_in(text, set(), labels)
        found += [text[max(0, m.start() - 30) : m.end() + 30] for m in ENGLISH_WORDS.finditer(text)]
        if found:
            problems[path] = found
    flag_page = visible_text(pages[f"/admin/placements/flag/{flag.pk}/change/"])
    assert "Ketentuan SIP3MI" in flag_page and f"pada penempatan {flag.placement_id} (Terbuka)" in flag_page
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_the_admin_is_in_english_when_the_officer_chooses_it(client, regions, officer_lampung):
    make_province("18")
    client.force_login(officer_lampung)
    assert "Pekerjaan saya" in client.get("/admin/", **ENGLISH_BROWSER).content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    content = client.get("/admin/", **ENGLISH_BROWSER).content.decode()

    assert '<html lang="en' in content and "My work" in content
