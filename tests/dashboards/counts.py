"""What the summary must say, counted directly over the base tables with the ORM, and what it does say.

Both return {(metric, key): count} over a region and a period, without zeros. Months are Jakarta
months: a complaint received at 00:30 WIB on the 1st belongs to that month."""

import datetime
from collections import Counter

from django.db.models import Count, DateField, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from complaints.models import Complaint
from dashboards.models import CLOSE_BUCKETS, RegionMonthStat
from dashboards.periods import Period, add_months
from dashboards.selectors import region_parent
from outreach.models import OutreachEvent
from placements.models import Flag, Placement, ReturnRecord
from tests.dashboards.builders import JAKARTA
from village.models import EarlyWarning
from workers.models import Worker

LIVE = ["OPEN", "CONFIRMED"]


def under(village: str, code: str) -> Q:
    """Rows whose village (the relation `village`) is `code` or lies inside it; all rows for the country ('')."""
    if not code:
        return Q()
    return Q(**{village: code}) | Q(**{f"{village}__code__startswith": f"{code}."})


def days(period: Period) -> tuple[datetime.date, datetime.date]:
    """The period as [first day, first day after)."""
    return period.first, add_months(period.last, 1)


def moments(period: Period) -> dict:
    first, after = days(period)
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=JAKARTA)
    end = datetime.datetime.combine(after, datetime.time(), tzinfo=JAKARTA)
    return {"gte": start, "lt": end}


def _lookups(field: str, bounds: dict) -> dict:
    return {f"{field}__{op}": value for op, value in bounds.items()}


def _placements(code: str, period: Period):
    first, after = days(period)
    live = Flag.objects.filter(placement=OuterRef("pk"), status__in=LIVE)
    return (
        Placement.objects.filter(under("worker__domicile_village", code))
        .annotate(
            placed_on=Coalesce(
                "departure_date",
                "recruited_date",
                TruncDate("created_at", tzinfo=JAKARTA),
                output_field=DateField(),
            ),
            flagged=Exists(live),
        )  # fmt: skip
        .filter(placed_on__gte=first, placed_on__lt=after)
    )


def _by(queryset, field: str, metric: str, *, total=None) -> dict:
    rows = queryset.values_list(field).annotate(n=total or Count("pk")).order_by()
    return {(metric, str(key)): n for key, n in rows if key is not None}


def _close_bucket(days_to_close: int) -> str:
    for key, _low, high in CLOSE_BUCKETS:
        if high is None or days_to_close <= high:
            return key
    raise AssertionError(days_to_close)


def direct_counts(code: str, period: Period) -> dict[tuple[str, str], int]:
    first, after = days(period)
    counts: dict[tuple[str, str], int] = {}
    workers = Worker.objects.filter(
        under("domicile_village", code), **_lookups("created_at", moments(period))
    )
    counts[("REGISTRATIONS", "")] = workers.count()

    placements = _placements(code, period)
    counts[("ROUTE", "FLAGGED")] = placements.filter(flagged=True).count()
    counts[("ROUTE", "PROCEDURAL")] = placements.filter(flagged=False).count()
    counts.update(_by(placements, "phase", "PHASE"))
    counts.update(_by(placements, "scheme", "SCHEME"))
    counts.update(_by(placements, "destination_country_id", "DESTINATION"))
    counts.update(_by(placements, "position_id", "POSITION"))
    flags = Flag.objects.filter(status__in=LIVE, placement__in=placements.values("pk"))
    counts.update(_by(flags, "rule", "FLAGS"))

    returns = ReturnRecord.objects.filter(
        under("placement__worker__domicile_village", code), return_date__gte=first, return_date__lt=after
    )
    counts.update(_by(returns, "reason", "RETURNS"))

    complaints = Complaint.objects.filter(
        Q(village__isnull=False), under("village", code), **_lookups("created_at", moments(period))
    )
    counts.update(_by(complaints, "category", "COMPLAINTS"))
    counts.update(_by(complaints, "status", "COMPLAINT_STATUS"))
    closed = Counter()
    for received, closed_at in complaints.filter(status="CLOSED", closed_at__isnull=False).values_list(
        "created_at", "closed_at"
    ):
        spent = (
            timezone.localtime(closed_at, JAKARTA).date() - timezone.localtime(received, JAKARTA).date()
        ).days
        closed[("CLOSED", _close_bucket(spent))] += 1
        closed[("CLOSE_DAYS", "")] += spent
    counts.update(closed)

    events = OutreachEvent.objects.filter(
        under("village", code), event_date__gte=first, event_date__lt=after, status="HELD"
    )
    totals = events.aggregate(
        n=Count("pk"), m=Sum("participants_male"), f=Sum("participants_female"), p=Sum("prospective_workers")
    )
    counts[("OUTREACH_EVENTS", "")] = totals["n"]
    counts[("OUTREACH_PARTICIPANTS", "M")] = totals["m"] or 0
    counts[("OUTREACH_PARTICIPANTS", "F")] = totals["f"] or 0
    counts[("OUTREACH_PROSPECTIVE", "")] = totals["p"] or 0
    warnings = EarlyWarning.objects.filter(under("village", code), **_lookups("created_at", moments(period)))
    counts[("EARLY_WARNINGS", "")] = warnings.count()
    return {key: n for key, n in counts.items() if n}


def summary_counts(code: str, period: Period) -> dict[tuple[str, str], int]:
    rows = (
        RegionMonthStat.objects.filter(
            parent_code=region_parent(code), region_code=code, month__range=(period.first, period.last)
        )
        .values_list("metric", "key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    return {(metric, key): n for metric, key, n in rows if n}


def column_counts(code: str, period: Period) -> dict[str, int]:
    """The region page's columns, from direct counts."""
    counts = direct_counts(code, period)

    def total(metric: str, key: str | None = None) -> int:
        return sum(n for (m, k), n in counts.items() if m == metric and (key is None or k == key))

    return {
        "registrations": total("REGISTRATIONS"),
        "placements": total("ROUTE"),
        "procedural": total("ROUTE", "PROCEDURAL"),
        "flagged": total("ROUTE", "FLAGGED"),
        "flags": total("FLAGS"),
        "complaints": total("COMPLAINTS"),
        "closed": total("CLOSED"),
        "returns": total("RETURNS"),
        "outreach_events": total("OUTREACH_EVENTS"),
        "participants": total("OUTREACH_PARTICIPANTS"),
        "early_warnings": total("EARLY_WARNINGS"),
    }
