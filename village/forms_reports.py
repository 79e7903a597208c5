"""Forms of the village desk's reports to BP3MI: departures and returns, outreach requests. They
validate; the services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Topic
from placements.models import Country
from village.models import MovementKind, ReturnCondition

DATE = forms.DateInput(attrs={"type": "date"})


class MovementForm(forms.Form):
    event_date = forms.DateField(label=_("Date"), widget=DATE)
    destination_country = forms.ModelChoiceField(
        label=_("Destination"), queryset=Country.objects.order_by("name", "code"), required=False
    )
    condition = forms.ChoiceField(
        label=_("Condition on return"),
        choices=ReturnCondition.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("What the village knows"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("For example who told you and where the worker is now."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == MovementKind.DEPARTURE:
            del self.fields["condition"]
            self.fields["event_date"].label = _("Departure date")
        else:
            del self.fields["destination_country"]
            self.fields["condition"].required = True
            self.fields["event_date"].label = _("Return date")


class OutreachRequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    preferred_from = forms.DateField(label=_("Preferred date (earliest)"), widget=DATE)
    preferred_until = forms.DateField(label=_("Preferred date (latest)"), widget=DATE, required=False)
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=10_000
    )
    note = forms.CharField(
        label=_("Note for BP3MI"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
