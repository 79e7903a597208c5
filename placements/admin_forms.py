import io

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.choices import ReturnReason

MAX_UPLOAD = 10 * 1024 * 1024  # larger files: the import command, which shows progress


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("File"), choices=[("placements", "placements.csv"), ("documents", "documents.csv")]
    )
    source = forms.SlugField(label=_("Source system (for placements)"), required=False, max_length=40)
    file = forms.FileField(label=_("CSV file (UTF-8, with a header row)"))
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would be created, changed and rejected, without writing anything"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 10 MB: ask an administrator to run the import command.")
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload

    def text_handle(self) -> io.TextIOBase:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")


class PhaseForm(forms.Form):
    STEPS = {
        "departure": _("Record departure"),
        "arrival": _("Record arrival"),
        "return": _("Record return"),
    }

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Reason for return"), choices=ReturnReason.choices, required=False)
    reintegration_services = forms.CharField(
        label=_("Reintegration services"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, step: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if step != "return":
            del self.fields["reason"]
            del self.fields["reintegration_services"]
        else:
            self.fields["reason"].required = True
