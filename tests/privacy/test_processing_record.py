"""The record of processing activities: one declaration, rendered on an admin page and as Markdown."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from privacy.processing import (
    PROCESSING,
    Basis,
    processing,
    processing_continuing_after_withdrawal,
    processing_for_consent,
)
from privacy.record import processing_record_markdown
from privacy.retention import RULES, RetentionKind
from workers.models import ConsentPurpose

URL = "admin:privacy_processing_record"


def test_every_consent_purpose_has_a_processing_resting_on_it():
    for purpose in ConsentPurpose.values:
        entries = processing_for_consent(purpose)
        assert entries, f"no processing declared for consent purpose {purpose}"
        assert all(entry.basis == Basis.CONSENT for entry in entries)


def test_the_declaration_is_consistent():
    codes = [entry.code for entry in PROCESSING]
    assert len(codes) == len(set(codes))
    declared_kinds = {r.kind for r in RULES}
    for entry in PROCESSING:
        # Consent and a consent purpose go together; every retention code is a declared rule.
        assert (entry.basis == Basis.CONSENT) == (entry.consent_purpose is not None), entry.code
        assert entry.retention in declared_kinds, entry.code
        assert entry.categories and entry.recipients, entry.code
    assert set(RetentionKind) == declared_kinds
    for code in ("REGISTRATION", "PLACEMENT_PROTECTION", "COMPLAINT_HANDLING", "ACCESS_LOG", "CHANGE_HISTORY",
                 "DPRD_AGGREGATES", "DATA_RIGHTS_REQUESTS"):  # fmt: skip
        assert processing(code)


def test_after_a_withdrawal_only_non_consent_processing_about_the_person_continues():
    continuing = processing_continuing_after_withdrawal(ConsentPurpose.REGISTRATION)
    codes = {entry.code for entry in continuing}
    assert "REGISTRATION" not in codes and "DPRD_AGGREGATES" not in codes
    assert {"PLACEMENT_PROTECTION", "COMPLAINT_HANDLING", "ACCESS_LOG"} <= codes
    assert all(entry.basis != Basis.CONSENT for entry in continuing)
    with pytest.raises(ValueError):
        processing_continuing_after_withdrawal("NOT_A_PURPOSE")


@pytest.mark.django_db
def test_every_processing_appears_on_the_page_and_in_the_markdown(client, admin_user):
    client.force_login(admin_user)
    with translation.override("en"):
        markdown = processing_record_markdown()
        english = {entry.code: [str(entry.purpose), *map(str, entry.categories)] for entry in PROCESSING}
    page = client.get(reverse(URL)).content.decode()
    download = client.get(reverse(URL) + "?format=md")
    assert download["Content-Disposition"].startswith("attachment")
    for entry in PROCESSING:
        assert f'id="processing-{entry.code}"' in page
        assert f"## {entry.code}: " in markdown
        assert f"| {entry.code} |" in markdown
        assert entry.code in download.content.decode()
        assert all(text in markdown for text in english[entry.code])


@pytest.mark.django_db
def test_the_page_is_for_administrators_and_supervisors(client, officer_lampung, admin_user):
    from accounts.roles import Role
    from accounts.services import user_upsert

    supervisor = user_upsert(
        username="sup", password="x-pass-2026", role=Role.SUPERVISOR, region_codes=["18"]
    )
    for user, expected in ((officer_lampung, 403), (supervisor, 200), (admin_user, 200)):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == expected


def test_the_export_command_writes_the_same_markdown():
    out = io.StringIO()
    call_command("export_processing_record", "--language", "en", stdout=out)
    with translation.override("en"):
        assert out.getvalue() == processing_record_markdown()
    indonesian = io.StringIO()
    call_command("export_processing_record", stdout=indonesian)
    assert all(f"## {entry.code}: " in indonesian.getvalue() for entry in PROCESSING)
