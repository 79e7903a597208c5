"""Readable labels for the keys of the summary (a country code, a rule code, a category...)."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from complaints.choices import Category, Status
from dashboards.models import Metric
from placements.choices import ReturnReason, Scheme
from placements.rules import RULES
from workers.choices import Phase, PositionCode

CLOSE_BUCKET_LABELS = {
    "D0_7": _("within 7 days"),
    "D8_30": _("8 to 30 days"),
    "D31_90": _("31 to 90 days"),
    "D91": _("more than 90 days"),
}
ROUTE_LABELS = {"PROCEDURAL": _("Procedural"), "FLAGGED": _("Flagged")}
_CHOICES: dict[str, Mapping[str, object]] = {
    Metric.PHASE: dict(Phase.choices),
    Metric.SCHEME: dict(Scheme.choices),
    Metric.POSITION: dict(PositionCode.choices),
    Metric.COMPLAINTS: dict(Category.choices),
    Metric.COMPLAINT_STATUS: dict(Status.choices),
    Metric.RETURNS: dict(ReturnReason.choices),
    Metric.CLOSED: CLOSE_BUCKET_LABELS,
    Metric.ROUTE: ROUTE_LABELS,
}


def key_labels(metric: str, keys: list[str], *, countries: dict[str, str]) -> dict[str, str]:
    """`countries`: code -> name, read once per page by the caller."""
    if metric == Metric.DESTINATION:
        return {k: countries.get(k, k) for k in keys}
    if metric == Metric.FLAGS:
        return {k: f"{k}: {RULES[k].title}" if k in RULES else k for k in keys}
    choices: Mapping[str, object] = _CHOICES.get(metric, {})
    return {k: str(choices.get(k, k)) for k in keys}
