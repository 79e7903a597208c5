"""Background jobs of the rule engine. Every task takes ids, re-reads the database and is idempotent:
running it twice, or two at once, leaves the same flags."""

import datetime
import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from placements.models import Placement, RuleRun
from placements.rules import RULES, engine
from placements.rules.base import PLACEMENT, SOURCES
from placements.selectors import affected_batches
from placements.services import rule_runs_record

logger = logging.getLogger(__name__)

SWEEP_BATCH = 50_000


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def flags_evaluate(**affected) -> int:
    evaluated = set()
    for ids, codes in affected_batches(**affected):
        for start in range(0, len(ids), 5_000):
            engine.evaluate_placements(placement_ids=ids[start : start + 5_000], rules=codes)
        evaluated.update(ids)
    return len(evaluated)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1750)
def flags_sweep_range(first_id: int, last_id: int, rules: list[str] | None = None) -> None:
    engine.evaluate_range(first_id=first_id, last_id=last_id, rules=rules)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=270)
def flags_sweep(rules: list[str] | None = None, batch_size: int = SWEEP_BATCH) -> int:
    """The nightly full sweep, fanned out as one task per id range (each range is idempotent)."""
    steps = engine.sweep_plan(rules=rules, batch_size=batch_size)
    for first_id, last_id, codes in steps:
        flags_sweep_range.apply_async(kwargs={"first_id": first_id, "last_id": last_id, "rules": codes})
    return len(steps)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1750)
def flags_sweep_recent(hours: int = 2) -> int:
    """The hourly sweep of whatever changed lately: it catches any evaluation a lost message missed."""
    since = timezone.now() - datetime.timedelta(hours=hours)
    # Whatever any rule reads (base.SOURCES), changed since then.
    sources = {PLACEMENT, *(SOURCES[name] for rule in RULES.values() for name in rule.reads)}
    query = Q(pk__in=[])
    for source in sources:
        query |= source.changed_since(since)
    changed = Placement.objects.filter(query)
    ids = list(changed.values_list("id", flat=True).distinct())
    for start in range(0, len(ids), 5_000):
        engine.evaluate_placements(placement_ids=ids[start : start + 5_000])
    return len(ids)


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def flags_check_rule_versions() -> list[str]:
    """Sweep every placement again for each rule whose version changed since its last full sweep."""
    done = dict(RuleRun.objects.values_list("code", "version"))
    stale = [code for code, rule in RULES.items() if done.get(code) != rule.version]
    if stale:
        engine.sweep(rules=stale)
        rule_runs_record(codes=stale)
    return stale
