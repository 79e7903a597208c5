"""Summary tables: what the DPRD pages and the stats API read, and nothing else.

One narrow table of counts by region, month, metric and key, at every level of the region tree (village
up to national), so a page for any region reads its own rows and its children's rows by primary key.
It is rebuilt as a whole by `dashboards.services.summary_refresh`; no person appears in it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    REGISTRATIONS = "REGISTRATIONS", _("Registrations")
    ROUTE = "ROUTE", _("Placements by route")  # key FLAGGED or PROCEDURAL
    PHASE = "PHASE", _("Placements by phase")
    SCHEME = "SCHEME", _("Placements by scheme")
    DESTINATION = "DESTINATION", _("Placements by destination")
    POSITION = "POSITION", _("Placements by position")
    FLAGS = "FLAGS", _("Open and confirmed flags by rule")
    COMPLAINTS = "COMPLAINTS", _("Complaints by category")
    COMPLAINT_STATUS = "COMPLAINT_STATUS", _("Complaints by status")
    CLOSED = "CLOSED", _("Complaints closed, by days to close")  # key: a bucket of CLOSE_BUCKETS
    CLOSE_DAYS = "CLOSE_DAYS", _("Days to close, summed")
    RETURNS = "RETURNS", _("Returns by reason")
    OUTREACH_EVENTS = "OUTREACH_EVENTS", _("Outreach events")
    OUTREACH_PARTICIPANTS = "OUTREACH_PARTICIPANTS", _("Outreach participants by sex")
    OUTREACH_PROSPECTIVE = "OUTREACH_PROSPECTIVE", _("Prospective workers reached by outreach")
    EARLY_WARNINGS = "EARLY_WARNINGS", _("Early warnings from village desks")


# Days from receipt to closing, in the buckets the chart shows: (key, lowest day, highest day).
CLOSE_BUCKETS = [("D0_7", 0, 7), ("D8_30", 8, 30), ("D31_90", 31, 90), ("D91", 91, None)]


class RegionMonthStat(models.Model):
    """`level` 0 is the whole country (codes ''), 1 province ... 4 village. `parent_code` is the code of
    the level above, so a region's own rows and its children's rows are both a primary-key prefix; the
    metric comes next because a table by area reads a few metrics of many regions."""

    pk = models.CompositePrimaryKey("parent_code", "metric", "region_code", "month", "key")
    parent_code = models.CharField(max_length=13)
    region_code = models.CharField(max_length=13)
    level = models.PositiveSmallIntegerField()
    month = models.DateField()
    metric = models.CharField(max_length=24, choices=Metric.choices)
    key = models.CharField(max_length=24)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("summary count")
        verbose_name_plural = _("summary counts")

    def __str__(self) -> str:
        return f"{self.region_code or '*'} {self.month:%Y-%m} {self.metric} {self.key}={self.value}"


class SummaryState(models.Model):
    """One row: when the summary was last rebuilt, shown on every page as "data as of"."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    rows = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("summary state")
        verbose_name_plural = _("summary state")

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M} ({self.rows} rows)"
