from django import forms
from django.utils.translation import gettext_lazy as _

from placements.models import Country
from village.models import WarningKind


class DateInput(forms.DateInput):
    input_type = "date"  # a phone's own date picker; the field still accepts a typed yyyy-mm-dd


class AcknowledgementForm(forms.Form):
    domicile_verified = forms.BooleanField(
        label=_("I verified that this person lives in our village"), required=True
    )
    acknowledged_on = forms.DateField(
        label=_("Date the village head acknowledged the family permission letter"), widget=DateInput
    )
    signatory_name = forms.CharField(label=_("Name of the signatory"), max_length=150)
    scan = forms.FileField(
        label=_("Scan or photo of the letter (optional)"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 5 MB."),
    )


class EarlyWarningForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened?"), choices=WarningKind.choices, widget=forms.RadioSelect)
    village_code = forms.ChoiceField(label=_("Village"), choices=())
    registration_number = forms.CharField(
        label=_("Registration number of the resident (if registered)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty when the person is not registered on the portal."),
    )
    person_name = forms.CharField(label=_("Name of the person"), max_length=150, required=False)
    recruiter_name = forms.CharField(label=_("Recruiter's name"), max_length=150, required=False)
    recruiter_phone = forms.CharField(
        label=_("Recruiter's phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    destination_country = forms.ModelChoiceField(
        label=_("Destination country"), queryset=Country.objects.order_by("name"), required=False
    )
    event_date = forms.DateField(label=_("Date (left, will leave, or the recruiter came)"), widget=DateInput)
    offered = forms.CharField(
        label=_("What was offered (job, pay, costs asked, promises)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, villages: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["village_code"]
        field.choices = [(code, code) for code in villages]  # type: ignore[attr-defined]
        if len(villages) == 1:
            field.initial = villages[0]
            field.widget = forms.HiddenInput()
