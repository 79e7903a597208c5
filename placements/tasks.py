"""Background jobs of the rule engine. Every task takes ids, re-reads the database and is idempotent:
running it twice, or two at once, leaves the same flags."""

import datetime
import logging

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from placements.models import Placement, RuleRun
from placements.rules import RULES, Rule, engine
from placements.rules.base import PLACEMENT, SOURCES, Source

logger = logging.getLogger(__name__)

SWEEP_BATCH = 50_000


def enqueue_on_commit(task, **kwargs) -> None:
    """Send a task once the current transaction commits. If the broker is down the write still stands:
    the hourly sweep of recent changes and the nightly full sweep evaluate it later."""

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception:  # noqa: BLE001 - any broker failure must not undo or fail the user's write
            logger.warning("could not enqueue %s; the next sweep will pick the change up", task.name)

    transaction.on_commit(send)


def _sources(rule: Rule) -> list[Source]:
    return [PLACEMENT, *(SOURCES[name] for name in sorted(rule.reads))]


def affected_batches(**affected) -> list[tuple[list[int], list[str]]]:
    """(placement ids, rule codes) to evaluate after a change. `affected` names what changed with the
    keywords of base.SOURCES (placement_ids, worker_ids, agency_ids, job_order_ids, country_codes,
    position_codes, recruiter_phones); each rule is evaluated for the placements that the changes it
    reads affect, so a new closure re-runs only the rules that read country policies."""
    unknown = set(affected) - {PLACEMENT.key, *(source.key for source in SOURCES.values())}
    if unknown:
        raise TypeError(f"unknown kinds of change: {', '.join(sorted(unknown))}")
    changed = {key: list(values) for key, values in affected.items() if values}
    by_sources: dict[tuple[str, ...], list[str]] = {}
    for code, rule in RULES.items():
        keys = tuple(sorted({source.key for source in _sources(rule) if source.key in changed}))
        if keys:
            by_sources.setdefault(keys, []).append(code)
    batches = []
    for keys, codes in by_sources.items():
        query = Q(pk__in=[])
        for source in {source.key: source for rule in codes for source in _sources(RULES[rule])}.values():
            if source.key in keys:
                query |= source.placements(changed[source.key])
        ids = list(Placement.objects.filter(query).order_by("id").values_list("id", flat=True))
        if ids:
            batches.append((ids, codes))
    return batches


def refresh_flags_later(**affected) -> None:
    """After a change to placements or to what they depend on, re-evaluate them (on commit)."""
    if any(affected.values()):
        enqueue_on_commit(flags_evaluate, **{k: list(v) for k, v in affected.items()})


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
        record_full_sweep(stale)
    return stale


def record_full_sweep(codes) -> None:
    now = timezone.now()
    for code in codes:
        RuleRun.objects.update_or_create(
            code=code, defaults={"version": RULES[code].version, "swept_at": now}
        )
