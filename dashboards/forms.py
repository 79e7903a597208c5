import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dashboards.periods import Period

MAX_MONTHS = 120
_MONTH_FORMAT = "%Y-%m"


class MonthField(forms.Field):
    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}", "placeholder": "2026-01"})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = (value or "").strip()[:20]
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, _MONTH_FORMAT).date()  # noqa: DTZ007 - a month, no time
        except ValueError as exc:
            raise ValidationError(_("Write the month as year-month, for example 2026-01.")) from exc


class PeriodForm(forms.Form):
    from_month = MonthField(label=_("From"))
    to_month = MonthField(label=_("Until"))

    def add_prefix(self, field_name):
        # The URL says ?from=2025-01&to=2025-12: short, and the same words as the stats API.
        return {"from_month": "from", "to_month": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        default = Period.default()
        first = cleaned.get("from_month") or default.first
        last = cleaned.get("to_month") or default.last
        if first > last:
            raise ValidationError(_("The first month must not come after the last month."))
        if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            raise ValidationError(_("Choose a period of at most ten years."))
        cleaned["period"] = Period(first, last)
        return cleaned


def period_from(query) -> tuple[Period, PeriodForm]:
    """The period asked for in the query string, or the default (last 12 months) with the form's errors."""
    form = PeriodForm(query)
    if form.is_valid():
        return form.cleaned_data["period"], form
    return Period.default(), form
