"""How a rule is declared. A rule is data plus one queryset: `condition(placements)` narrows any
queryset of placements to those the rule holds for, and `evidence` names the values it used. The
engine runs that one declaration for a single placement and for the sweep of all: there is no
second implementation.

A rule also says what it reads besides the placement's own fields (`reads`: a change to one of those
re-evaluates the rule, and the hourly sweep looks for recent changes to each) and gives `examples` of
placements that break it (the demo data, the scenario test and the seed test are built from these).
Everything that lists rules reads the registry in `placements.rules`; nothing else names them all."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, Func, IntegerField, Q, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, JSONObject
from django.utils import timezone
from django.utils.functional import Promise

from placements.models import Placement, Severity


class Reads(StrEnum):
    """What a rule may read besides the placement's own fields (see SOURCES for how each is followed)."""

    WORKER = "worker"  # identity, birth date, domicile, and the worker's other placements
    DOCUMENTS = "documents"  # the worker's art. 13 documents
    COMPLAINTS = "complaints"  # complaints about the placement or the worker
    AGENCY = "agency"  # the agency's licence history
    JOB_ORDER = "job_order"  # the job order and the other placements in its queue
    COUNTRY_POLICY = "country_policy"  # policy rows of the destination (closures, moratorium, channels)
    POSITION_POLICY = "position_policy"  # the position's policy data (domestic, zero cost and its dates)
    RECRUITER = "recruiter"  # other placements and complaints naming the same recruiter phone
    CALENDAR = "calendar"  # today's date: the rule can start to hold with no change to any row


@dataclass(frozen=True)
class Source:
    """How changes to one thing a rule reads are followed. `key` is the keyword of
    `placements.tasks.refresh_flags_later` that reports such a change; `placements(values)` selects the
    placements it affects; `changed_since(moment)` selects the placements whose source changed since then
    (the hourly sweep)."""

    key: str
    placements: Callable[[list], Q]
    changed_since: Callable[[datetime.datetime], Q]


def _complaints_since(moment: datetime.datetime):
    return apps.get_model("complaints", "Complaint").objects.filter(updated_at__gte=moment)


def _early_warnings_since(moment: datetime.datetime):
    return apps.get_model("village", "EarlyWarning").objects.filter(updated_at__gte=moment)


def _calendar_since(moment: datetime.datetime) -> Q:
    # A rule on "n days before departure" starts to hold when a day passes: the placements whose
    # departure came within CALENDAR_HORIZON days between then and today.
    today = timezone.localdate()
    since = timezone.localtime(moment).date()
    horizon = datetime.timedelta(days=CALENDAR_HORIZON)
    return Q(departure_date__gt=since + horizon, departure_date__lte=today + horizon)


CALENDAR_HORIZON = 7  # NP-OPP: a placement still before departure is checked from 7 days before

SOURCES: dict[Reads, Source] = {
    Reads.WORKER: Source(
        "worker_ids", lambda ids: Q(worker_id__in=ids), lambda t: Q(worker__updated_at__gte=t)
    ),
    Reads.DOCUMENTS: Source(
        "worker_ids", lambda ids: Q(worker_id__in=ids), lambda t: Q(worker__documents__updated_at__gte=t)
    ),
    Reads.COMPLAINTS: Source(
        "worker_ids",
        lambda ids: Q(worker_id__in=ids),
        lambda t: (
            Q(id__in=_complaints_since(t).values("placement_id"))
            | Q(worker_id__in=_complaints_since(t).values("worker_id"))
        ),
    ),
    Reads.AGENCY: Source(
        "agency_ids", lambda ids: Q(agency_id__in=ids), lambda t: Q(agency__licence_events__created_at__gte=t)
    ),
    Reads.JOB_ORDER: Source(
        "job_order_ids", lambda ids: Q(job_order_id__in=ids), lambda t: Q(job_order__updated_at__gte=t)
    ),
    Reads.COUNTRY_POLICY: Source(
        "country_codes",
        lambda codes: Q(destination_country_id__in=codes),
        lambda t: Q(destination_country__policies__updated_at__gte=t),
    ),
    Reads.POSITION_POLICY: Source(
        "position_codes", lambda codes: Q(position_id__in=codes), lambda t: Q(position__updated_at__gte=t)
    ),
    Reads.RECRUITER: Source(
        "recruiter_phones",
        lambda phones: Q(recruiter_phone__in=[phone for phone in phones if phone]),
        lambda t: (
            Q(recruiter_phone__in=_complaints_since(t).exclude(recruiter_phone="").values("recruiter_phone"))
            | Q(
                recruiter_phone__in=_early_warnings_since(t)
                .exclude(recruiter_phone="")
                .values("recruiter_phone")
            )
        ),
    ),
    Reads.CALENDAR: Source("today", lambda _days: Q(pk__in=[]), _calendar_since),
}
# The placement's own fields: every rule reads them.
PLACEMENT = Source("placement_ids", lambda ids: Q(pk__in=ids), lambda t: Q(updated_at__gte=t))


@dataclass(frozen=True)
class Example:
    """A placement that breaks the rule, as the exchange-format row of a placement on the legal route
    (`placements.examples.legal_row`) with the columns in `row` changed. `person` changes the worker
    (`born`, `sex`, `village`, `declared_birth`); `missing_documents` are left out of the worker's art. 13
    documents; `permission_village` acknowledges the family permission in another village. A rule about a
    group gives `copies` > 1 and `each(n)`, the columns that differ for the n-th copy. A rule's further
    examples show its other boundaries; each has a `name`, added to the case's id."""

    name: str = ""
    row: Mapping[str, str] = field(default_factory=dict)
    person: Mapping[str, Any] = field(default_factory=dict)
    missing_documents: tuple[str, ...] = ()
    permission_village: str = ""
    copies: int = 1
    each: Callable[[int], Mapping[str, str]] | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    version: int
    severity: Severity
    basis: Promise
    title: Promise
    explanation: Promise
    condition: Callable[[models.QuerySet[Placement]], models.QuerySet[Placement]]
    evidence: dict[str, Any]  # name -> field path or expression
    examples: tuple[Example, ...]  # the first is the rule's main case
    reads: frozenset[Reads] = frozenset()
    # A rule whose condition ranks or counts across many placements (a job order's quota) costs as much
    # for one id range as for all: the sweep runs it once over the whole table instead of per range.
    whole_table: bool = False

    def matches(self, placements: models.QuerySet[Placement]) -> models.QuerySet[Placement]:
        """The placements this rule holds for, each with its `rule_evidence` as a JSON object."""
        fields = {
            name: F(value) if isinstance(value, str) else value for name, value in self.evidence.items()
        }
        return self.condition(placements).annotate(rule_evidence=JSONObject(**fields))


class DayNumber(Func):
    """A date as a whole number of days, so that date arithmetic is plain integer arithmetic on
    PostgreSQL and SQLite alike."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s - DATE '2000-01-01')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )


def ymd(field: str) -> models.Expression:
    """A date as the integer YYYYMMDD: ages compare exactly (turning 18 on the day is 18)."""
    return ExtractYear(field) * Value(10000) + ExtractMonth(field) * Value(100) + ExtractDay(field)


def month_day(field: str, plus_months: models.Expression | int = 0) -> models.Expression:
    """(year * 12 + month + n) * 100 + day: compares "at least n months later" by calendar."""
    months = ExtractYear(field) * Value(12) + ExtractMonth(field)
    return (months + plus_months) * Value(100) + ExtractDay(field)
