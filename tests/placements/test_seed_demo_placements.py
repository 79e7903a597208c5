"""`manage.py seed_demo`, placements part: agencies in every licence state, job orders with and without
places left, placements in all three phases, and one case for each rule of domain.md §3. The demo's
dates assume today is about 27 November 2026, so "today" is that date, given explicitly."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from placements.examples import case_rows
from placements.models import Agency, AgencyLicence, Flag, JobOrder, Placement, ReturnRecord
from placements.rules import RULES
from placements.selectors import agency_licence_on, job_order_state, job_orders_with_usage, policies_on
from portal import crypto
from tests.placements.builders import D
from workers.choices import ART13_DOCUMENTS
from workers.models import Document, Worker

pytestmark = pytest.mark.django_db

DEMO_TODAY = D(2026, 11, 27)


def seed_demo() -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
        call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed_demo()


def demo_case(code: str) -> Placement:
    return Placement.objects.select_related("worker", "agency", "job_order", "position").get(
        external_id=f"DEMO-{code}"
    )


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def licence_on(placement: Placement, on: datetime.date) -> str:
    return agency_licence_on(agency=placement.agency, on=on).status if placement.agency else "NONE"


def job_order_state_on(placement: Placement, on: datetime.date) -> str | None:
    if placement.job_order_id is None:
        return None
    return job_order_state(job_order=job_orders_with_usage().get(pk=placement.job_order_id), on=on)


def policy_statuses(placement: Placement) -> set[str]:
    on = placement.departure_date
    return {p.status for p in policies_on(country_code=placement.destination_country_id, on=on)}


def nik_birth_day(worker: Worker) -> int:
    day = int(crypto.decrypt(worker.nik_encrypted)[6:8])
    return day - 40 if day > 40 else day


def document_types(worker: Worker) -> set[str]:
    return set(worker.documents.values_list("doc_type", flat=True))


def family_permission_village(worker: Worker) -> str | None:
    return worker.documents.get(doc_type="FAMILY_PERMISSION").acknowledged_village_id


# What some rules look at (domain.md §3), restated by hand and checked on the demo row named after the rule.
CONDITIONS = {
    "NP-AGE": lambda p: age_on(p.worker.birth_date, p.departure_date) < 18,
    "NP-NIK": lambda p: nik_birth_day(p.worker) != p.worker.birth_date.day,
    "NP-RECRUITER": lambda p: (p.scheme, p.recruiter_type, p.agency) == ("P2P", "INDIVIDUAL", None),
    "NP-AGENCY-UNLICENSED": lambda p: p.scheme == "P2P" and p.agency_licence_number and p.agency is None,
    "NP-AGENCY-LICENCE": lambda p: licence_on(p, p.departure_date) in {"EXPIRED", "SUSPENDED", "REVOKED"},
    "NP-JOBORDER": lambda p: job_order_state_on(p, p.departure_date) in {"EXPIRED", "FULL", None},
    "NP-JOBORDER-MISMATCH": lambda p: (
        (p.destination_country_id, p.position_id) != (p.job_order.country_id, p.job_order.position_id)
    ),
    "NP-DESTINATION": lambda p: "CLOSED" in policy_statuses(p),
    "NP-MORATORIUM": lambda p: (
        p.position.is_domestic and p.employer_type == "INDIVIDUAL" and "MORATORIUM" in policy_statuses(p)
    ),
    "NP-VISA": lambda p: p.visa_type != "WORK",
    "NP-BPJS": lambda p: p.bpjs_valid_until < add_months(p.departure_date, p.contract_months),
    "NP-OPP": lambda p: p.opp_date is None,
    "NP-DOCS": lambda p: not set(ART13_DOCUMENTS) <= document_types(p.worker),
    "NP-PERMISSION-VILLAGE": lambda p: family_permission_village(p.worker) != p.worker.domicile_village_id,
    "NP-FEES": lambda p: p.position.is_zero_cost and p.fees_charged_idr > 0,
    "NP-EXIT": lambda p: p.official_exit is False,
    "NP-MANDIRI": lambda p: (p.scheme, p.employer_type) == ("MANDIRI", "INDIVIDUAL"),
    "NP-RETRO": lambda p: p.return_record.reason == "DEPORTED" and p.agency is None and p.job_order is None,
}


def test_seed_demo_loads_every_demo_placement_and_document_without_a_rejected_row(seeded):
    summary = re.search(
        r"demo placements: (\d+) created, (\d+) rejected; documents: (\d+) created, (\d+) rejected", seeded
    )

    placements, rejected_placements, documents, rejected_documents = map(int, summary.groups())
    assert (rejected_placements, rejected_documents) == (0, 0)
    assert placements == Placement.objects.filter(source="demo").count() == Placement.objects.count() > 40
    assert documents == Document.objects.count() > 0


def test_the_demo_agencies_cover_every_licence_state_today(seeded):
    states = {a.name: agency_licence_on(agency=a, on=DEMO_TODAY).status for a in Agency.objects.all()}

    assert set(states.values()) == {"VALID", "EXPIRED", "SUSPENDED", "REVOKED"}
    assert states["PT Jaya Raya Migran"] == "REVOKED"


def test_the_demo_job_orders_include_one_with_places_left_and_one_full_today(seeded):
    states = {
        j.number: (job_order_state(job_order=j, on=DEMO_TODAY), j.quota - j.quota_used)
        for j in job_orders_with_usage()
    }

    assert any(state == "OPEN" and left > 0 for state, left in states.values())
    assert states["SIP2MI/2026/LPG/0002"] == ("FULL", 0)
    assert {state for state, _left in states.values()} >= {"OPEN", "FULL", "EXPIRED"}


def test_the_demo_placements_are_in_all_three_phases_with_a_return_record_for_each_return(seeded):
    phases = set(Placement.objects.values_list("phase", flat=True))

    assert phases == {"PRA", "MASA", "PURNA"}
    assert ReturnRecord.objects.count() == Placement.objects.filter(phase="PURNA").count()


def test_there_is_a_demo_row_for_every_rule_code(seeded):
    ids = set(
        Placement.objects.filter(external_id__startswith="DEMO-NP-").values_list("external_id", flat=True)
    )

    missing = [
        code for code in RULES if not any(i == f"DEMO-{code}" or i.startswith(f"DEMO-{code}-") for i in ids)
    ]
    assert missing == []


def test_each_demo_case_shows_the_condition_its_rule_looks_for(seeded):
    broken = [code for code, holds in CONDITIONS.items() if not holds(demo_case(code))]

    assert broken == []


def test_every_demo_case_of_every_rule_example_raises_its_rule(seeded):
    call_command("evaluate_placements", stdout=io.StringIO())
    expected = {(row["external_id"], row["_rule"]) for row in case_rows("DEMO-")}
    raised = set(
        Flag.objects.filter(status="OPEN", placement__external_id__startswith="DEMO-NP-").values_list(
            "placement__external_id", "rule"
        )
    )

    assert {rule for _id, rule in expected} == set(RULES)
    assert expected - raised == set()
    assert not Flag.objects.filter(placement__external_id__startswith="DEMO-OK-").exists()


def test_the_cluster_case_is_five_workers_of_one_village_and_one_recruiter_within_30_days_without_an_agency(
    seeded,
):
    cluster = list(
        Placement.objects.filter(external_id__startswith="DEMO-NP-CLUSTER-").select_related("worker")
    )

    assert len(cluster) >= 5
    assert len({p.worker.domicile_village_id for p in cluster}) == 1
    assert len({p.recruiter_phone for p in cluster}) == 1
    assert all(p.agency is None for p in cluster)
    dates = sorted(p.recruited_date for p in cluster)
    assert (dates[-1] - dates[0]).days <= 30


def test_the_procedural_demo_rows_are_on_the_legal_route(seeded):
    clean = Placement.objects.filter(external_id__startswith="DEMO-OK-").select_related("agency", "job_order")

    assert clean.count() > 20
    off_route = [
        p.external_id
        for p in clean
        if licence_on(p, p.recruited_date) != "VALID"
        or licence_on(p, p.departure_date) != "VALID"
        or not p.job_order.valid_from <= p.departure_date <= p.job_order.valid_until
        or (p.visa_type, p.official_exit) != ("WORK", True)
        or not p.opp_date < p.departure_date
        or p.bpjs_valid_until < add_months(p.departure_date, p.contract_months)
    ]
    assert off_route == []


def test_running_seed_demo_again_changes_nothing(seeded):
    models = (Agency, AgencyLicence, JobOrder, Placement, ReturnRecord, Worker, Document)
    before = {model.__name__: model.objects.count() for model in models}
    placements = dict(Placement.objects.values_list("id", "updated_at"))

    output = seed_demo()

    assert "already present, left unchanged" in output
    assert {model.__name__: model.objects.count() for model in models} == before
    assert dict(Placement.objects.values_list("id", "updated_at")) == placements
