from django import forms
from django.utils.translation import gettext_lazy as _

from datarights.choices import IdentifiedBy, RequestKind
from datarights.services import data_request_problems, withdrawable_purposes
from portal.identifiers import PhoneFormField


class DataRequestForm(forms.Form):
    # No preselected request: a default would be sent by whoever did not notice it.
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    identified_by = forms.ChoiceField(
        label=_("How do you prove it is you?"), choices=IdentifiedBy.choices, widget=forms.RadioSelect,
        initial=IdentifiedBy.REGISTRATION,
    )  # fmt: skip
    reference = forms.CharField(label=_("Registration number or complaint ticket"), max_length=20)
    nik = forms.CharField(
        label=_("NIK (16 digits, with a registration number)"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    birth_date = forms.DateField(
        label=_("Birth date (with a registration number)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    access_code = forms.CharField(
        label=_("Access code (with a complaint ticket)"), max_length=20, required=False,
        widget=forms.PasswordInput(render_value=True),
    )  # fmt: skip
    purpose = forms.ChoiceField(label=_("Consent to withdraw (for a withdrawal)"), required=False, choices=[])
    what_is_wrong = forms.CharField(
        label=_("Which data is wrong? (for a correction)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    what_is_right = forms.CharField(
        label=_("What is right? (for a correction)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    details = forms.CharField(
        label=_("Anything else we should know (what you object to, why you ask)"), max_length=2000,
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    contact_phone = PhoneFormField(
        label=_("Your phone number, if we may call you (optional)"), required=False
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", _("— choose —")), *withdrawable_purposes()]  # type: ignore[attr-defined]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        problems = data_request_problems(
            kind=cleaned.get("kind") or "",
            identified_by=cleaned.get("identified_by") or "",
            nik=cleaned.get("nik") or "",
            birth_date=cleaned.get("birth_date"),
            access_code=cleaned.get("access_code") or "",
            purpose=cleaned.get("purpose") or "",
            what_is_wrong=cleaned.get("what_is_wrong") or "",
            what_is_right=cleaned.get("what_is_right") or "",
        )
        for name, messages in problems.items():
            if name not in self.errors:
                self.add_error(name, messages[0])
        return cleaned


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Request number"), max_length=20)
    access_code = forms.CharField(
        label=_("Access code"), max_length=20, widget=forms.PasswordInput(render_value=True)
    )


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Field to correct"))
    value = forms.CharField(label=_("Right value"), max_length=300)
    note = forms.CharField(
        label=_("Note for the person"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, fields: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "---------"), *fields]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person reads it)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("What stops (the person reads it)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """An action with nothing to fill in: the button is the decision."""
