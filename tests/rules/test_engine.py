"""The rule engine keeps flags in step with placements (placements/rules/engine.py) and officers review them
(placements.services.flag_*). A flag is an indicator for review, never a verdict: it never changes the
placement."""

import ast
import datetime
import pathlib

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from placements.models import Flag, FlagReview, Placement
from placements.rules import RULES, engine
from placements.services import flag_confirm, flag_dismiss, flag_refer
from portal.errors import ApplicationError
from tests.rules.builders import evaluate, flag_of, flags_of, make_placement, update_placement

pytestmark = pytest.mark.django_db

T1 = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
T2 = T1 + datetime.timedelta(hours=1)
T3 = T1 + datetime.timedelta(hours=2)
T4 = T1 + datetime.timedelta(hours=3)


def evaluate_at(moment, placement, rules=("NP-VISA",)):
    with time_machine.travel(moment, tick=False):
        evaluate(placement, rules=list(rules))


@pytest.fixture
def tourist():
    """A placement on a tourist visa: NP-VISA holds."""
    return make_placement(visa_type="TOURIST")


def test_a_new_match_opens_a_flag_first_and_last_seen_at_the_same_moment(tourist):
    evaluate_at(T1, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.first_seen_at, flag.last_seen_at, flag.resolved_at) == ("OPEN", T1, T1, None)
    assert (flag.rule_version, flag.severity, flag.referred_to) == (RULES["NP-VISA"].version, "C", "")


def test_evaluating_again_keeps_one_flag_and_moves_last_seen_forward(tourist):
    evaluate_at(T1, tourist)
    evaluate_at(T2, tourist)

    flags = Flag.objects.filter(placement=tourist, rule="NP-VISA")
    assert flags.count() == 1
    assert (flags.get().first_seen_at, flags.get().last_seen_at, flags.get().status) == (T1, T2, "OPEN")


def test_an_older_run_never_moves_last_seen_back(tourist):
    evaluate_at(T2, tourist)
    evaluate_at(T1, tourist)

    assert flag_of(tourist, "NP-VISA").last_seen_at == T2
    assert flag_of(tourist, "NP-VISA").status == "OPEN"


def test_the_database_keeps_one_flag_per_placement_and_rule(tourist):
    evaluate_at(T1, tourist)

    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(placement=tourist, rule="NP-VISA", rule_version=1, severity="C",
                            first_seen_at=T2, last_seen_at=T2)  # fmt: skip


def test_a_flag_whose_condition_stops_holding_is_resolved_not_deleted(tourist):
    evaluate_at(T1, tourist)
    update_placement(tourist, visa_type="WORK")
    evaluate_at(T2, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.resolved_at, flag.first_seen_at, flag.last_seen_at) == ("RESOLVED", T2, T1, T1)


def test_a_resolved_flag_reopens_when_its_condition_holds_again(tourist):
    evaluate_at(T1, tourist)
    update_placement(tourist, visa_type="WORK")
    evaluate_at(T2, tourist)
    update_placement(tourist, visa_type="VISIT")
    evaluate_at(T3, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.resolved_at, flag.first_seen_at, flag.last_seen_at) == ("OPEN", None, T1, T3)
    assert flag.evidence == {"visa_type": "VISIT"}


def test_a_dismissed_flag_stays_dismissed_while_its_evidence_is_the_same(tourist, officer_lampung):
    evaluate_at(T1, tourist)
    flag_dismiss(
        flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Visa kerja sudah terbit."
    )
    evaluate_at(T2, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.last_seen_at) == ("DISMISSED", T2)


def test_a_dismissed_flag_reopens_when_its_evidence_changes(tourist, officer_lampung):
    evaluate_at(T1, tourist)
    flag_dismiss(
        flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Visa kerja sudah terbit."
    )
    update_placement(tourist, visa_type="UMRAH")
    evaluate_at(T2, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.evidence) == ("OPEN", {"visa_type": "UMRAH"})
    assert flag.reviews.get().evidence == {"visa_type": "TOURIST"}


def test_a_confirmed_flag_stays_confirmed_when_evaluated_again(tourist, officer_lampung):
    evaluate_at(T1, tourist)
    flag_confirm(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Visa turis.")
    evaluate_at(T2, tourist)
    update_placement(tourist, visa_type="UMRAH")
    evaluate_at(T3, tourist)

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.last_seen_at, flag.evidence) == ("CONFIRMED", T3, {"visa_type": "UMRAH"})


def test_a_confirmed_flag_is_resolved_once_its_condition_ends(tourist, officer_lampung):
    evaluate_at(T1, tourist)
    flag_confirm(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Visa turis.")
    update_placement(tourist, visa_type="WORK")
    evaluate_at(T2, tourist)

    assert (flag_of(tourist, "NP-VISA").status, flag_of(tourist, "NP-VISA").resolved_at) == ("RESOLVED", T2)
    assert flag_of(tourist, "NP-VISA").reviews.count() == 1


def placement_state(placement: Placement) -> dict:
    fresh = Placement.objects.get(pk=placement.pk)
    return {**model_to_dict(fresh), "updated_at": fresh.updated_at, "created_at": fresh.created_at}


def test_evaluating_and_reviewing_never_change_the_placement(officer_lampung):
    placement = make_placement(visa_type="TOURIST", official_exit=False, opp_date=None, bpjs_valid_until=None)
    before = placement_state(placement)

    evaluate(placement)
    flag_confirm(flag=flag_of(placement, "NP-VISA"), reviewer=officer_lampung, reason="Visa turis.")
    flag_dismiss(flag=flag_of(placement, "NP-EXIT"), reviewer=officer_lampung, reason="Salah catat.")
    flag_refer(
        flag=flag_of(placement, "NP-OPP"),
        reviewer=officer_lampung,
        referred_to="DISNAKER",
        reason="OPP tidak ada.",
    )
    evaluate(placement)

    assert set(flags_of(placement)) == {"NP-VISA", "NP-EXIT", "NP-OPP", "NP-BPJS"}
    assert placement_state(placement) == before


def flag_rows(placement) -> list:
    return list(
        Flag.objects.filter(placement=placement)
        .order_by("rule")
        .values_list("rule", "rule_version", "severity", "status", "evidence", "first_seen_at", "resolved_at")
    )


def test_evaluating_twice_gives_identical_flags():
    placement = make_placement(visa_type="TOURIST", official_exit=False, job_order=None)
    with time_machine.travel(T1, tick=False):
        evaluate(placement)
    first = flag_rows(placement)
    with time_machine.travel(T2, tick=False):
        evaluate(placement)

    assert flag_rows(placement) == first
    assert [rule for rule, *_rest in first] == ["NP-EXIT", "NP-JOBORDER", "NP-VISA"]


def test_evaluating_one_placement_leaves_the_flags_of_others_alone(tourist):
    other = make_placement(visa_type="TOURIST")
    evaluate_at(T1, tourist)
    evaluate_at(T1, other)
    update_placement(other, visa_type="WORK")

    evaluate_at(T2, tourist)

    assert flag_of(other, "NP-VISA").status == "OPEN"
    assert flag_of(tourist, "NP-VISA").last_seen_at == T2


def test_evaluating_one_rule_leaves_the_flags_of_other_rules_alone():
    placement = make_placement(visa_type="TOURIST", official_exit=False)
    evaluate_at(T1, placement, rules=["NP-VISA", "NP-EXIT"])
    update_placement(placement, official_exit=True)

    evaluate_at(T2, placement, rules=["NP-VISA"])

    assert flags_of(placement) == {"NP-VISA": "OPEN", "NP-EXIT": "OPEN"}


def test_the_sweep_evaluates_every_placement_in_batches():
    placements = [make_placement(visa_type="TOURIST", documents=False) for _ in range(5)]
    batches = []

    engine.sweep(rules=["NP-VISA"], batch_size=2, progress=lambda done, total: batches.append((done, total)))

    assert all(flags_of(p) == {"NP-VISA": "OPEN"} for p in placements)
    assert batches[-1][0] == batches[-1][1] >= 3


def test_the_sweep_resolves_flags_whose_condition_ended(tourist):
    evaluate_at(T1, tourist)
    update_placement(tourist, visa_type="WORK")

    with time_machine.travel(T2, tick=False):
        engine.sweep(rules=["NP-VISA"])

    assert (flag_of(tourist, "NP-VISA").status, flag_of(tourist, "NP-VISA").resolved_at) == ("RESOLVED", T2)


# Reviews


def test_dismissing_without_a_reason_is_refused_and_the_flag_stays_open(tourist, officer_lampung):
    evaluate_at(T1, tourist)

    for reason in ("", "   "):
        with pytest.raises(ApplicationError) as error:
            flag_dismiss(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason=reason)
        assert error.value.code == "reason_required"
        assert "reason" in error.value.fields

    assert flag_of(tourist, "NP-VISA").status == "OPEN"
    assert not FlagReview.objects.exists()


def test_dismissing_records_the_review_with_its_reason_and_the_evidence_as_it_stood(tourist, officer_lampung):
    evaluate_at(T1, tourist)

    flag = flag_dismiss(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="  Salah input.  ")

    review = FlagReview.objects.get()
    assert (flag.status, review.flag_id, review.reviewer, review.decision) == (
        "DISMISSED", flag.pk, officer_lampung, "DISMISS",
    )  # fmt: skip
    assert (review.reason, review.evidence, review.referred_to) == (
        "Salah input.",
        {"visa_type": "TOURIST"},
        "",
    )


def test_confirming_records_the_review(tourist, officer_lampung):
    evaluate_at(T1, tourist)

    flag = flag_confirm(
        flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Dicek di bandara."
    )

    assert flag_of(tourist, "NP-VISA").status == "CONFIRMED"
    assert list(flag.reviews.values_list("decision", "reason", "reviewer")) == [
        ("CONFIRM", "Dicek di bandara.", officer_lampung.pk)
    ]


def test_referring_records_the_target_and_confirms_the_flag(tourist, officer_lampung):
    evaluate_at(T1, tourist)

    flag_refer(
        flag=flag_of(tourist, "NP-VISA"),
        reviewer=officer_lampung,
        referred_to="IMMIGRATION",
        reason="Visa turis.",
    )

    flag = flag_of(tourist, "NP-VISA")
    assert (flag.status, flag.referred_to) == ("CONFIRMED", "IMMIGRATION")
    assert list(flag.reviews.values_list("decision", "referred_to")) == [("REFER", "IMMIGRATION")]


def test_referring_to_an_unknown_target_is_refused(tourist, officer_lampung):
    evaluate_at(T1, tourist)

    with pytest.raises(ApplicationError):
        flag_refer(
            flag=flag_of(tourist, "NP-VISA"),
            reviewer=officer_lampung,
            referred_to="DUKUN",
            reason="Visa turis.",
        )

    assert (flag_of(tourist, "NP-VISA").status, FlagReview.objects.count()) == ("OPEN", 0)


def test_each_decision_adds_a_review_and_none_is_overwritten(tourist, officer_lampung):
    evaluate_at(T1, tourist)
    flag_confirm(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Visa turis.")
    flag_dismiss(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason="Ternyata visa kerja.")
    flag_refer(
        flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, referred_to="POLICE", reason="Visa turis."
    )

    decisions = FlagReview.objects.order_by("id").values_list("decision", flat=True)
    assert list(decisions) == ["CONFIRM", "DISMISS", "REFER"]


# A rule's tests read its flag through these builders, each given the rule's code.
FLAG_READERS = {"flagged", "flags_of", "flag_of"}


def rules_asserted_raised(source: str) -> set[str]:
    """The rule codes some test function of `source` asserts a raised flag of: an `assert`, not negated,
    whose expression reads a flag through FLAG_READERS and names the code (`assert flagged(p, "NP-X")`,
    `assert flags_of(p)["NP-X"] == "OPEN"`, `assert flag_of(p, "NP-X").evidence == ...`). Comments,
    docstrings and codes outside such an assert do not count."""
    codes = set()
    for function in ast.walk(ast.parse(source)):
        if not (isinstance(function, ast.FunctionDef) and function.name.startswith("test_")):
            continue
        for statement in ast.walk(function):
            if not isinstance(statement, ast.Assert) or negated(statement.test):
                continue
            reads_a_flag = any(
                isinstance(node, ast.Call) and getattr(node.func, "id", None) in FLAG_READERS
                for node in ast.walk(statement.test)
            )
            if reads_a_flag:
                codes |= {
                    node.value
                    for node in ast.walk(statement.test)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                }
    return codes


def negated(test: ast.expr) -> bool:
    return (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)) or (
        isinstance(test, ast.Compare) and any(isinstance(op, ast.NotIn) for op in test.ops)
    )


def test_every_registered_rule_has_a_test_that_evaluates_it_and_asserts_its_flag():
    here = pathlib.Path(__file__).parent
    asserted = set().union(*(rules_asserted_raised(path.read_text()) for path in here.glob("test_rule_*.py")))

    assert sorted(set(RULES) - asserted) == []


def test_a_rule_code_in_a_comment_docstring_or_negative_assert_is_not_a_test_of_it():
    source = '''
"""NP-A is tested here."""
# NP-B
def test_something():
    """NP-C"""
    placement = make_placement()  # NP-D
    assert not flagged(placement, "NP-E")
    assert "NP-F" not in flags_of(placement)
    assert placement.phase == "NP-G"


def helper():
    assert flagged(make_placement(), "NP-H")


def test_the_real_one():
    assert flags_of(make_placement())["NP-I"] == "OPEN"
'''

    assert rules_asserted_raised(source) & {f"NP-{x}" for x in "ABCDEFGHI"} == {"NP-I"}
