from django import forms
from django.utils.translation import gettext_lazy as _


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
