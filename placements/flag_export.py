"""The flags export of exchange-format.md: one row per open or reviewed flag, no NIK, no name."""

import json
from collections.abc import Iterator
from functools import cache

from django.db.models import Exists, OuterRef, Q, QuerySet

from placements.models import Flag, FlagReview, FlagStatus

EXPORT_COLUMNS = [
    "external_id", "rule", "rule_version", "severity", "status", "evidence", "first_seen_at", "last_seen_at",
]  # fmt: skip


def exported_flags() -> QuerySet[Flag]:
    """Open or reviewed flags (a resolved flag nobody reviewed is history, not work), oldest first; scope it
    with `visible_to` for a person's reader."""
    return _exported().all()  # a copy: the kept queryset is never evaluated


@cache
def _exported() -> QuerySet[Flag]:
    # Built once per process: the condition with its subquery took 0.4 ms to build, a copy takes 0.01 ms
    # (the flags API builds it on every request, P6). It holds no value of its own, nothing to go stale.
    reviewed = Exists(FlagReview.objects.filter(flag_id=OuterRef("id")))
    return Flag.objects.filter(~Q(status=FlagStatus.RESOLVED) | Q(reviewed)).order_by("first_seen_at", "id")


def export_rows(queryset: QuerySet[Flag]) -> Iterator[dict]:
    values = queryset.values_list(
        "placement__external_id",
        "rule",
        "rule_version",
        "severity",
        "status",
        "evidence",
        "first_seen_at",
        "last_seen_at",
    )
    for external_id, rule, version, severity, status, evidence, first_seen, last_seen in values.iterator(
        chunk_size=5000
    ):
        yield {
            "external_id": external_id,
            "rule": rule,
            "rule_version": version,
            "severity": severity,
            "status": status,
            "evidence": evidence,
            "first_seen_at": first_seen.isoformat(),
            "last_seen_at": last_seen.isoformat(),
        }


def csv_cells(row: dict) -> list:
    return [
        json.dumps(row[c], ensure_ascii=False, sort_keys=True) if c == "evidence" else row[c]
        for c in EXPORT_COLUMNS
    ]
