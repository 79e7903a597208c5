"""Runs rules and keeps flags in step with them, in SQL, set-based.

For one rule and a scope of placements (an id range for the sweep, a list of ids after a change):
1. upsert a flag for every placement the rule holds for (INSERT ... SELECT ... ON CONFLICT), reopening
   resolved flags and dismissed flags whose evidence changed, and moving `last_seen_at` forward;
2. resolve every flag of the rule in the scope that this run did not see.
Both statements are idempotent and safe to run twice or concurrently: a flag's `last_seen_at` only
moves forward, so an older run never resolves what a newer run saw.
"""

import datetime
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from placements.models import Flag, FlagStatus, Placement
from placements.rules import RULES, Rule

_FLAG = Flag._meta.db_table

# Only our own table name and SQL compiled by Django go into the text; every value is a parameter.
_UPSERT = f"""
INSERT INTO {_FLAG} (placement_id, rule, rule_version, severity, evidence, status, first_seen_at, last_seen_at,
                     resolved_at, referred_to)
SELECT matched.id, %s, %s, %s, matched.rule_evidence, 'OPEN', %s, %s, NULL, ''
FROM ({{matched}}) AS matched
WHERE 1 = 1
ON CONFLICT (placement_id, rule) DO UPDATE SET
    status = CASE
        WHEN {_FLAG}.status = 'RESOLVED' THEN 'OPEN'
        WHEN {_FLAG}.status = 'DISMISSED' AND {_FLAG}.evidence <> excluded.evidence THEN 'OPEN'
        ELSE {_FLAG}.status END,
    resolved_at = NULL,
    rule_version = excluded.rule_version,
    severity = excluded.severity,
    evidence = excluded.evidence,
    last_seen_at = CASE WHEN excluded.last_seen_at > {_FLAG}.last_seen_at
                        THEN excluded.last_seen_at ELSE {_FLAG}.last_seen_at END
"""


def _evaluate(
    rule: Rule, placements: QuerySet[Placement], scope: QuerySet[Flag], run_at: datetime.datetime
) -> None:
    matched = rule.matches(placements).values("id", "rule_evidence")  # type: ignore[misc]
    matched_sql, matched_params = matched.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rule queries carry many small subplans: compiling them (JIT) costs more than running them,
            # and a subquery's result set should be hashed in memory rather than rescanned per row.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            _UPSERT.format(matched=matched_sql),
            [rule.code, rule.version, rule.severity, run_at, run_at, *matched_params],
        )
        scope.filter(rule=rule.code, last_seen_at__lt=run_at).exclude(status=FlagStatus.RESOLVED).update(
            status=FlagStatus.RESOLVED, resolved_at=run_at
        )


def _rules(codes: Iterable[str] | None) -> list[Rule]:
    return [RULES[code] for code in codes] if codes else list(RULES.values())


def evaluate_placements(*, placement_ids: Iterable[int], rules: Iterable[str] | None = None) -> None:
    """Evaluate the given placements (after a change to them or to what they depend on)."""
    ids = sorted(set(placement_ids))
    if not ids:
        return
    run_at = timezone.now()
    for rule in _rules(rules):
        _evaluate(
            rule, Placement.objects.filter(id__in=ids), Flag.objects.filter(placement_id__in=ids), run_at
        )


def evaluate_range(*, first_id: int, last_id: int, rules: Iterable[str] | None = None) -> None:
    """Evaluate placements with first_id <= id <= last_id: one batch of the sweep."""
    run_at = timezone.now()
    for rule in _rules(rules):
        placements = Placement.objects.filter(id__gte=first_id, id__lte=last_id)
        scope = Flag.objects.filter(placement_id__gte=first_id, placement_id__lte=last_id)
        _evaluate(rule, placements, scope, run_at)


def sweep_ranges(batch_size: int) -> list[tuple[int, int]]:
    """The id ranges that cover every placement, `batch_size` ids each."""
    bounds = Placement.objects.aggregate(first=Min("id"), last=Max("id"))
    if bounds["first"] is None:
        return []
    return [
        (start, min(start + batch_size - 1, bounds["last"]))
        for start in range(bounds["first"], bounds["last"] + 1, batch_size)
    ]


def sweep_plan(*, rules: Iterable[str] | None, batch_size: int) -> list[tuple[int, int, list[str]]]:
    """(first id, last id, rule codes) steps covering every placement: ranged rules one id range at a time,
    whole-table rules in one step over every id."""
    chosen = _rules(rules)
    ranged = [rule.code for rule in chosen if not rule.whole_table]
    whole = [rule.code for rule in chosen if rule.whole_table]
    ranges = sweep_ranges(batch_size)
    steps = [(first, last, ranged) for first, last in ranges] if ranged else []
    if whole and ranges:
        steps.append((ranges[0][0], ranges[-1][1], whole))
    return steps


def sweep(
    *,
    rules: Iterable[str] | None = None,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Evaluate every placement, a step at a time; the work stays in the database and memory stays flat.

    Without `batch_size` each rule runs as one statement over the whole table, the cheapest way for one
    process. The Celery sweep passes a batch size to spread id ranges over workers instead."""
    if batch_size is None:
        bounds = Placement.objects.aggregate(first=Min("id"), last=Max("id"))
        if bounds["first"] is None:
            return
        steps = [(bounds["first"], bounds["last"], [rule.code]) for rule in _rules(rules)]
    else:
        steps = sweep_plan(rules=rules, batch_size=batch_size)
    for done, (first_id, last_id, codes) in enumerate(steps, start=1):
        evaluate_range(first_id=first_id, last_id=last_id, rules=codes)
        if progress:
            progress(done, len(steps))
