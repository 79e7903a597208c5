"""A scenario as it arrives from outside: placements.csv and documents.csv with at least one case per rule,
imported, evaluated by the sweep command, and exported per exchange-format.md."""

import csv
import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command

from placements.demo import procedural_row
from placements.models import Flag, Placement, RuleRun
from placements.rules import RULES
from portal.exchange import DOCUMENT_COLUMNS, PLACEMENT_COLUMNS
from tests.rules.builders import D, make_agency, make_job_order, make_nik, record_licence
from workers.choices import ART13_DOCUMENTS

pytestmark = pytest.mark.django_db

EXPORT_COLUMNS = [
    "external_id", "rule", "rule_version", "severity", "status", "evidence", "first_seen_at", "last_seen_at",
]  # fmt: skip
VILLAGE, CLUSTER_VILLAGE, ELSEWHERE = "18.07.01.2001", "18.07.02.2001", "18.07.05.2001"
BORN = D(1996, 8, 12)
OK_LICENCE, REVOKED_LICENCE = "KEP.101/PPTKIS/2023", "KEP.033/P3MI/2021"


def registers() -> dict[str, str]:
    """The agencies and job orders the scenario refers to, through the services: {name: number}."""
    ok = make_agency(licence_number=OK_LICENCE)
    revoked = make_agency(licence_number=REVOKED_LICENCE, events=[("ISSUED", D(2021, 1, 15), D(2026, 1, 14))])
    record_licence(revoked, "REVOKED", D(2025, 8, 20))
    return {
        "taiwan": make_job_order(agency=ok, country="TW", position="CAREGIVER").number,
        "expired": make_job_order(
            agency=ok,
            country="SG",
            position="HOSPITALITY",
            valid_from=D(2023, 6, 1),
            valid_until=D(2024, 5, 31),
        ).number,
        "hongkong": make_job_order(
            agency=ok, country="HK", position="HOUSEKEEPER", employer_type="INDIVIDUAL"
        ).number,
    }


def scenario(job_orders: dict[str, str]) -> list[dict]:
    rows = []

    def case(
        external_id,
        serial,
        *,
        born=BORN,
        sex="F",
        village=VILLAGE,
        declared_birth=None,
        **overrides,
    ):
        person = {
            "full_name": f"Pekerja Skenario Nomor {serial}",
            "sex": sex,
            "birth_date": (declared_birth or born).isoformat(),
            "village_code": village,
        }
        # The demo data's legal-route row, with this scenario's own agency and job order.
        legal = {"agency_licence_number": OK_LICENCE, "job_order_number": job_orders["taiwan"]}
        nik = make_nik(village[:8], sex, born, serial)
        rows.append(procedural_row(external_id, nik, person, **{**legal, **overrides}))

    none = {"agency_licence_number": "", "job_order_number": ""}
    case("S-OK", 900)
    case("S-NP-AGE", 901, born=D(2009, 3, 1), departure_date="2026-12-15", phase="PRA")
    case("S-NP-NIK", 902, declared_birth=D(1996, 8, 13))
    case("S-NP-RECRUITER", 903, **none, recruiter_type="INDIVIDUAL", recruiter_name="Pak Darto")
    case("S-NP-AGENCY-UNLICENSED", 904, agency_licence_number="KEP.999/TIDAK/ADA", job_order_number="")
    case("S-NP-AGENCY-LICENCE", 905, agency_licence_number=REVOKED_LICENCE, job_order_number="")
    case("S-NP-JOBORDER", 906, job_order_number=job_orders["expired"], destination_country="SG",
         position="HOSPITALITY")  # fmt: skip
    case("S-NP-JOBORDER-MISMATCH", 907, destination_country="JP")
    case("S-NP-DESTINATION", 908, destination_country="KH", job_order_number="", position="OTHER")
    case("S-NP-MORATORIUM", 909, destination_country="SA", position="HOUSEKEEPER", employer_type="INDIVIDUAL",
         job_order_number="")  # fmt: skip
    case("S-NP-VISA", 910, visa_type="TOURIST")
    case("S-NP-BPJS", 911, bpjs_valid_until="2026-12-31")
    case("S-NP-OPP", 912, opp_date="")
    case("S-NP-DOCS", 913)
    case("S-NP-PERMISSION-VILLAGE", 914)
    case("S-NP-FEES", 915, job_order_number=job_orders["hongkong"], destination_country="HK", position="HOUSEKEEPER",
         employer_type="INDIVIDUAL", fees_charged_idr="18500000")  # fmt: skip
    case("S-NP-EXIT", 916, exit_point="Pelabuhan tikus Dumai", official_exit="false")
    case("S-NP-MANDIRI", 917, **none, scheme="MANDIRI", recruiter_type="EMPLOYER", employer_type="INDIVIDUAL")
    case("S-NP-RETRO", 918, **none, recruiter_type="INDIVIDUAL", visa_type="VISIT", phase="PURNA",
         return_date="2026-08-14", return_reason="DEPORTED")  # fmt: skip
    for n in range(5):
        case(f"S-NP-CLUSTER-{n}", 920 + n, village=CLUSTER_VILLAGE, **none, recruiter_type="INDIVIDUAL",
             recruiter_name="Bu Sari", recruiter_phone="081399900002", recruited_date=f"2026-07-{3 + n * 5:02d}",
             destination_country="MY", position="FARM_WORKER", phase="PRA", departure_date="2026-12-20")  # fmt: skip
    return rows


def documents(rows: list[dict]) -> list[dict]:
    """Every art. 13 document, verified and valid, except a passport for the NP-DOCS case and a permission
    acknowledged by another village for the NP-PERMISSION-VILLAGE case."""
    out = []
    for row in rows:
        for doc_type in ART13_DOCUMENTS:
            if row["external_id"] == "S-NP-DOCS" and doc_type == "PASSPORT":
                continue
            acknowledged = ""
            if doc_type == "FAMILY_PERMISSION":
                acknowledged = (
                    ELSEWHERE if row["external_id"] == "S-NP-PERMISSION-VILLAGE" else row["village_code"]
                )
            out.append({"nik": row["nik"], "doc_type": doc_type, "number": f"{doc_type[:3]}{row['nik'][-6:]}",
                        "issued_date": "2025-12-01", "expiry_date": "2029-12-31", "verified": "true",
                        "acknowledged_village_code": acknowledged})  # fmt: skip
    return out


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
    rows = scenario(registers())
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
    expected = {(row["external_id"], re.sub(r"-\d+$", "", row["external_id"][2:])) for row in rows[1:]}
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
