"""A scenario as it arrives from outside: placements.csv and documents.csv with at least one case per rule,
imported, evaluated by the sweep command, and exported per exchange-format.md."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from placements.examples import (
    case_rows,
    document_rows,
    legal_row,
    person,
    registers_load,
)
from placements.models import Flag, Placement, RuleRun
from placements.rules import RULES
from portal.exchange import DOCUMENT_COLUMNS, PLACEMENT_COLUMNS

pytestmark = pytest.mark.django_db

EXPORT_COLUMNS = [
    "external_id", "rule", "rule_version", "severity", "status", "evidence", "first_seen_at", "last_seen_at",
]  # fmt: skip


def scenario() -> list[dict]:
    """A placement on the legal route, then a case for each example of every rule in the registry, with the
    agencies and job orders they refer to written through the services."""
    registers_load()
    nik, person_columns = person(900, name="Pekerja Skenario Nomor")
    return [legal_row("S-OK", nik, person_columns), *case_rows("S-", name="Pekerja Skenario Nomor")]


def documents(rows: list[dict]) -> list[dict]:
    """Every art. 13 document, verified and valid, except what each case's example leaves out."""
    return document_rows(rows, dates=lambda _row: ("2025-12-01", "2029-12-31"))


def write_csv(path, columns, rows) -> str:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def rows(tmp_path):
    """The scenario, imported through the two import commands (which report every row loaded)."""
    rows = scenario()
    placements_file = write_csv(tmp_path / "placements.csv", PLACEMENT_COLUMNS, rows)
    documents_file = write_csv(tmp_path / "documents.csv", DOCUMENT_COLUMNS, documents(rows))
    assert ", 0 rejected" in run("import_placements", placements_file, "--language", "en")
    assert ", 0 rejected" in run("import_documents", documents_file, "--language", "en")
    return rows


def flag_set() -> set:
    return {
        (external_id, rule, status, json.dumps(evidence, sort_keys=True))
        for external_id, rule, status, evidence in Flag.objects.values_list(
            "placement__external_id", "rule", "status", "evidence"
        )
    }


def test_every_case_of_the_scenario_raises_its_rule_and_a_second_sweep_changes_nothing(rows):
    run("evaluate_placements")
    first = flag_set()
    run("evaluate_placements")

    assert flag_set() == first
    assert {rule for _id, rule, _status, _evidence in first} == set(RULES)
    raised = {(external_id, rule) for external_id, rule, _status, _evidence in first}
    expected = {(row["external_id"], row["_rule"]) for row in rows[1:]}
    assert expected - raised == set()
    assert not [flag for flag in first if flag[0] == "S-OK"]
    assert {status for _id, _rule, status, _evidence in first} == {"OPEN"}


def test_the_sweep_records_every_rule_as_swept_at_its_version(rows):
    run("evaluate_placements")

    assert dict(RuleRun.objects.values_list("code", "version")) == {
        code: r.version for code, r in RULES.items()
    }


def test_the_csv_export_lists_every_flag_with_its_evidence_in_the_exchange_columns(rows):
    run("evaluate_placements")

    exported = list(csv.DictReader(io.StringIO(run("export_flags", "--format", "csv"))))

    assert list(exported[0]) == EXPORT_COLUMNS
    assert {(r["external_id"], r["rule"], r["status"], json.dumps(json.loads(r["evidence"]), sort_keys=True))
            for r in exported} == flag_set()  # fmt: skip
    assert len(exported) == Flag.objects.count()
    first = exported[0]
    assert first["rule_version"] == str(RULES[first["rule"]].version)
    assert first["severity"] == RULES[first["rule"]].severity
    assert datetime.datetime.fromisoformat(first["first_seen_at"]) <= datetime.datetime.fromisoformat(
        first["last_seen_at"]
    )


def test_the_json_export_lists_the_same_flags_with_the_same_fields(rows):
    run("evaluate_placements")

    exported = json.loads(run("export_flags", "--format", "json"))

    assert {tuple(row) for row in exported} == {tuple(sorted(EXPORT_COLUMNS))}
    assert {(r["external_id"], r["rule"], r["status"], json.dumps(r["evidence"], sort_keys=True))
            for r in exported} == flag_set()  # fmt: skip
    by_rule = {r["rule"]: r for r in exported}
    assert by_rule["NP-AGE"]["evidence"] == {"birth_date": "2009-03-01", "departure_date": "2026-12-15"}
    assert by_rule["NP-EXIT"]["severity"] == "C"


def test_the_exports_contain_no_nik_and_no_worker_name(rows):
    run("evaluate_placements")

    for output in (run("export_flags", "--format", "csv"), run("export_flags", "--format", "json")):
        assert "NP-NIK" in output
        assert [row["nik"] for row in rows if row["nik"] in output] == []
        assert [row["full_name"] for row in rows if row["full_name"] in output] == []
        assert "Pekerja Skenario" not in output


def test_a_resolved_flag_nobody_reviewed_leaves_the_export(rows):
    run("evaluate_placements")
    Placement.objects.filter(external_id="S-NP-EXIT").update(official_exit=True)
    run("evaluate_placements")

    exported = json.loads(run("export_flags", "--format", "json"))
    assert Flag.objects.get(placement__external_id="S-NP-EXIT", rule="NP-EXIT").status == "RESOLVED"
    assert not [r for r in exported if r["rule"] == "NP-EXIT"]


def test_evaluating_one_rule_touches_only_that_rules_flags(rows):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC), tick=False):
        run("evaluate_placements")
    before = dict(Flag.objects.exclude(rule="NP-AGE").values_list("id", "last_seen_at"))

    with time_machine.travel(datetime.datetime(2026, 6, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        run("evaluate_placements", "--rule", "NP-AGE")

    assert dict(Flag.objects.exclude(rule="NP-AGE").values_list("id", "last_seen_at")) == before
    assert {flag.last_seen_at.day for flag in Flag.objects.filter(rule="NP-AGE")} == {2}


def test_evaluating_one_rule_on_fresh_data_opens_only_that_rules_flags(rows):
    run("evaluate_placements", "--rule", "NP-AGE")

    assert list(Flag.objects.values_list("placement__external_id", "rule")) == [("S-NP-AGE", "NP-AGE")]
    assert list(RuleRun.objects.values_list("code", flat=True)) == ["NP-AGE"]


def test_an_unknown_rule_is_a_command_error_and_evaluates_nothing(rows):
    with pytest.raises(CommandError, match="NP-NOPE"):
        run("evaluate_placements", "--rule", "NP-NOPE")

    assert not Flag.objects.exists()
    assert not RuleRun.objects.exists()
