from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.choices import (
    Category,
    Outcome,
    Priority,
    ReferralStatus,
    ReferralTarget,
    ReporterRelation,
    Status,
)
from complaints.services import reporter_problems
from portal.identifiers import PhoneFormField
from workers.choices import Phase
from workers.countries import COMMON_DESTINATIONS


class ComplaintForm(forms.Form):
    # No preselected answer: a default category would be sent by whoever did not notice it.
    category = forms.ChoiceField(
        label=_("What is the problem?"), choices=[("", _("— choose —")), *Category.choices]
    )
    phase = forms.ChoiceField(
        label=_("When did it happen?"),
        choices=[
            (Phase.PRA, _("Before leaving Indonesia")),
            (Phase.MASA, _("While working abroad")),
            (Phase.PURNA, _("After coming home")),
        ],  # fmt: skip
        widget=forms.RadioSelect,
    )
    destination_country = forms.ChoiceField(
        label=_("Country (if abroad)"),
        choices=[("", _("Not abroad / not known")), *COMMON_DESTINATIONS],
        required=False,
    )
    description = forms.CharField(
        label=_("What happened? Who, where, when."), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        min_length=10,
    )  # fmt: skip
    agency_licence_number = forms.CharField(
        label=_("Agency or its licence number, if known"), max_length=60, required=False
    )
    recruiter_phone = PhoneFormField(label=_("The broker's phone number, if known"), required=False)
    anonymous = forms.BooleanField(
        label=_("Report without giving my name (we cannot call you back, so keep your ticket and code)."),
        required=False,
    )
    reporter_relation = forms.ChoiceField(
        label=_("You are"), choices=ReporterRelation.choices, required=False
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    reporter_phone = PhoneFormField(label=_("Your phone number"), required=False)
    attachment = forms.FileField(
        label=_("Photo or document (PDF, JPG or PNG, up to 5 MB, optional)"), required=False
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        # Shown with the other errors at once; complaint_file enforces the same rule. One message per
        # field: a phone already refused as invalid needs no second message.
        problems = reporter_problems(
            anonymous=bool(cleaned.get("anonymous")),
            reporter_phone=cleaned.get("reporter_phone") or "",
            reporter_relation=cleaned.get("reporter_relation") or "",
        )
        for name, messages in problems.items():
            if name not in self.errors:
                self.add_error(name, messages[0])
        return cleaned


class TrackForm(forms.Form):
    ticket = forms.CharField(label=_("Ticket number"), max_length=20)
    access_code = forms.CharField(
        label=_("Access code"), max_length=20, widget=forms.PasswordInput(render_value=True)
    )


class VersionForm(forms.Form):
    """Carries the version of the complaint the officer saw: a later change by someone else wins."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionForm):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    public_note = forms.CharField(
        label=_("Note for the reporter (shown on the tracking page)"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )  # fmt: skip
    internal_note = forms.CharField(
        label=_("Internal note (staff only)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Optional here: the transition service says what a rejection or a resolution lacks, for every path.
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)
    wages_recovered_idr = forms.IntegerField(label=_("Wages recovered (IDR)"), min_value=0, required=False)

    # What each action asks of the officer; anything else would only be ignored by the service.
    NOTES: tuple[str, ...] = ("public_note", "internal_note")
    FIELDS_FOR: dict[str, tuple[str, ...]] = {
        Status.REJECTED: ("reason", "internal_note"),
        Status.RESOLVED: ("outcome", "wages_recovered_idr", *NOTES),
    }

    def __init__(self, *args, to: str, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = {"version", "to", *self.FIELDS_FOR.get(to, self.NOTES)}
        for name in set(self.fields) - wanted:
            del self.fields[name]


class ReferForm(VersionForm):
    # No preselected target: where a case goes is the officer's choice.
    target = forms.ChoiceField(label=_("Refer to"), choices=[("", "---------"), *ReferralTarget.choices])
    target_name = forms.CharField(label=_("Name of the office"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReferralUpdateForm(VersionForm):
    status = forms.ChoiceField(label=_("State of the referral"), choices=ReferralStatus.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PriorityForm(VersionForm):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    public = forms.BooleanField(label=_("Show to the reporter"), required=False)
