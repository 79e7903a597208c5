import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.identifiers import PhoneFormField
from regions.selectors import district_code_known
from workers.choices import Education, MaritalStatus, PositionCode, Sex
from workers.countries import COMMON_DESTINATIONS
from workers.models import FamilyRelation
from workers.nik import nik_problem, normalise_nik

PHONE_HELP = _("A number we can reach you on, e.g. 0812 3456 7890.")


def district_exists(code: str) -> bool:
    return district_code_known(code)


class NikFieldsMixin:
    """Validates NIK against the declared sex and birth date; the error goes on the NIK field."""

    def clean(self):
        cleaned = super().clean()
        nik = cleaned.get("nik")
        if nik:
            problem = nik_problem(
                nik,
                sex=cleaned.get("sex"),
                birth_date=cleaned.get("birth_date"),
                district_exists=district_exists,
            )
            if problem:
                self.add_error("nik", problem.label)
        return cleaned


def validate_birth_date(value: datetime.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError(_("The birth date cannot be in the future."))
    if value.year < today.year - 100:
        raise forms.ValidationError(_("Check the birth date: the year looks wrong."))


class RegistrationForm(NikFieldsMixin, forms.Form):
    # Identity
    nik = forms.CharField(
        label=_("NIK (16-digit number on your KTP)"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name, as on your KTP"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Birth date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_birth_date],
    )
    birth_place = forms.CharField(label=_("Birth place"), max_length=100)
    # Contact
    phone = PhoneFormField(label=_("Mobile phone"), help_text=PHONE_HELP)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False, max_length=254)
    address = forms.CharField(label=_("Street address, RT/RW (optional)"), max_length=300, required=False)
    education = forms.ChoiceField(
        label=_("Highest education"), choices=[("", "—"), *Education.choices], required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    # Family contact
    family_name = forms.CharField(label=_("Name of a family member"), max_length=150)
    family_relation = forms.ChoiceField(label=_("Relation to you"), choices=FamilyRelation.choices)
    family_phone = PhoneFormField(label=_("Their phone"))
    # Desired work
    desired_country = forms.ChoiceField(
        label=_("Country you want to work in (optional)"),
        choices=[("", _("Not decided yet")), *COMMON_DESTINATIONS],
        required=False,
    )
    desired_position = forms.ChoiceField(
        label=_("Work you want to do (optional)"),
        choices=[("", _("Not decided yet"))] + PositionCode.choices,
        required=False,
    )
    # Consent
    consent = forms.BooleanField(
        label=_("I have read the notice above and agree that BP3MI processes my data for this purpose."),
        error_messages={"required": _("We can only register you with your consent.")},
    )
    # Honeypot: hidden from people by CSS; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}),
    )

    def clean_nik(self) -> str:
        return normalise_nik(self.cleaned_data["nik"])

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class StatusCheckForm(forms.Form):
    registration_number = forms.CharField(label=_("Registration number"), max_length=20)
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_registration_number(self) -> str:
        return self.cleaned_data["registration_number"].strip().upper()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
