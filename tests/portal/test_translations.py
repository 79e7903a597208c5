"""Bahasa Indonesia first: every user-facing string in the code has an Indonesian translation."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
ID_PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
ID_MO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.mo"
_ENTRY = re.compile(
    r'^((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?msgstr(?:\[0\])? ((?:"[^\n]*"\n?)+)',
    re.M,
)


def read_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy) for every non-header entry."""
    entries = {}
    for comments, msgid, msgstr in _ENTRY.findall(path.read_text(encoding="utf-8")):
        key = "".join(re.findall(r'"(.*)"', msgid))
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in comments.splitlines())
        if key:
            entries[key] = ("".join(re.findall(r'"(.*)"', msgstr)), fuzzy)
    return entries


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_indonesian_entry_is_translated_and_not_fuzzy():
    entries = read_po(ID_PO)
    assert len(entries) > 50
    untranslated = [msgid for msgid, (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert untranslated == []


def _compiled(catalogue: gettext.GNUTranslations, msgid: str) -> str | None:
    # Plural entries are stored under (msgid, 0); ours has one form (Indonesian has no plural).
    entries = catalogue._catalog  # noqa: SLF001
    return entries.get(msgid, entries.get((msgid, 0)))


def test_compiled_indonesian_catalogue_matches_the_po_file():
    with ID_MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, (msgstr, _fuzzy) in read_po(ID_PO).items()
        if _compiled(catalogue, _unescape(msgid)) != _unescape(msgstr)
    ]
    assert stale == [], "run `make messages` to recompile locale/*/django.mo"


@pytest.mark.slow_io
def test_no_string_in_the_code_is_missing_from_the_indonesian_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        skip_or_fail("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "test-artifacts", "*.sqlite3", "node_modules"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "--ignore=tests"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    fresh = read_po(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")
    missing = sorted(msgid for msgid, (msgstr, fuzzy) in fresh.items() if not msgstr or fuzzy)
    assert missing == [], "new user-facing text: add its Indonesian translation to locale/id (make messages)"
