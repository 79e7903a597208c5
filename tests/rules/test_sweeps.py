"""The periodic sweeps catch whatever a lost message missed: the recent sweep re-evaluates what changed in the
last hours (the placement or anything it reads), the nightly one every placement, and the version check
re-sweeps a rule whose version changed, alone."""

import dataclasses

import pytest

from placements.models import Flag, RuleRun
from placements.rules import RULES
from placements.tasks import flags_check_rule_versions, flags_sweep, flags_sweep_recent
from tests.rules.builders import (
    DAY,
    DEPARTURE,
    RECRUITED,
    age,
    flags_of,
    make_placement,
    record_licence,
    set_document,
    update_placement,
)

pytestmark = pytest.mark.django_db


def test_the_recent_sweep_evaluates_a_placement_changed_in_the_last_hours():
    changed = make_placement(visa_type="TOURIST")
    forgotten = make_placement(visa_type="TOURIST")
    age(forgotten, hours=3)

    assert flags_sweep_recent(hours=2) == 1

    assert flags_of(changed) == {"NP-VISA": "OPEN"}
    assert flags_of(forgotten) == {}


def test_the_recent_sweep_evaluates_a_placement_whose_worker_document_changed():
    placement = make_placement()
    age(placement, hours=3)
    set_document(placement.worker, "PASSPORT", expiry_date=DEPARTURE - DAY)

    flags_sweep_recent(hours=2)

    assert flags_of(placement) == {"NP-DOCS": "OPEN"}


def test_the_recent_sweep_evaluates_a_placement_whose_agency_licence_changed():
    placement = make_placement()
    age(placement, hours=3)
    record_licence(placement.agency, "SUSPENDED", RECRUITED)

    flags_sweep_recent(hours=2)

    assert flags_of(placement) == {"NP-AGENCY-LICENCE": "OPEN"}


def test_the_nightly_sweep_evaluates_every_placement():
    placements = [make_placement(visa_type="TOURIST", documents=False) for _ in range(3)]
    for placement in placements:
        age(placement, hours=48)

    flags_sweep(rules=["NP-VISA"], batch_size=2)

    assert [flags_of(p) for p in placements] == [{"NP-VISA": "OPEN"}] * 3


def test_rules_never_swept_are_swept_and_recorded():
    placement = make_placement(visa_type="TOURIST")
    age(placement, hours=48)

    swept = flags_check_rule_versions()

    assert sorted(swept) == sorted(RULES)
    assert flags_of(placement) == {"NP-VISA": "OPEN"}
    assert dict(RuleRun.objects.values_list("code", "version")) == {
        code: r.version for code, r in RULES.items()
    }


def test_the_version_check_does_nothing_the_second_time():
    placement = make_placement(visa_type="TOURIST")
    flags_check_rule_versions()
    seen = list(Flag.objects.order_by("id").values_list("id", "last_seen_at"))
    swept_at = list(RuleRun.objects.order_by("code").values_list("swept_at", flat=True))

    assert flags_check_rule_versions() == []

    assert list(Flag.objects.order_by("id").values_list("id", "last_seen_at")) == seen
    assert list(RuleRun.objects.order_by("code").values_list("swept_at", flat=True)) == swept_at
    assert flags_of(placement) == {"NP-VISA": "OPEN"}


def test_a_rule_whose_version_changed_is_swept_again_and_alone(monkeypatch):
    placement = make_placement(visa_type="TOURIST", official_exit=False)
    flags_check_rule_versions()
    monkeypatch.setitem(
        RULES, "NP-VISA", dataclasses.replace(RULES["NP-VISA"], version=RULES["NP-VISA"].version + 1)
    )
    update_placement(placement, official_exit=True)  # not committed: only a sweep can see it

    assert flags_check_rule_versions() == ["NP-VISA"]

    flag = Flag.objects.get(placement=placement, rule="NP-VISA")
    assert flag.rule_version == RULES["NP-VISA"].version
    assert RuleRun.objects.get(code="NP-VISA").version == RULES["NP-VISA"].version
    assert flags_of(placement)["NP-EXIT"] == "OPEN"  # NP-EXIT was not swept again
