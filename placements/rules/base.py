"""How a rule is declared. A rule is data plus one queryset: `condition(placements)` narrows any
queryset of placements to those the rule holds for, and `evidence` names the values it used. The
engine runs that one declaration for a single placement and for the sweep of all: there is no
second implementation."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F, Func, IntegerField, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, JSONObject
from django.utils.functional import Promise

from placements.models import Placement, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    version: int
    severity: Severity
    basis: str
    title: Promise
    explanation: Promise
    condition: Callable[[models.QuerySet[Placement]], models.QuerySet[Placement]]
    evidence: dict[str, Any]  # name -> field path or expression
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
