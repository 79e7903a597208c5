"""The region cascade (province > regency > district > village), reusable by any form.

The form is rebuilt from whatever is selected: each level's choices are the children of the level
above. With htmx, a change re-renders the cascade from `regions:cascade`; without JavaScript, the
"show next choices" button submits the host form, which re-renders with the next level filled.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.codes import ancestors, is_valid_code, within
from regions.selectors import region_children

LEVELS = (
    ("province", _("Province")),
    ("regency", _("Regency / city")),
    ("district", _("District (kecamatan)")),
    ("village", _("Village (desa / kelurahan)")),
)
REFRESH_FIELD = "_cascade"


class RegionCascadeForm(forms.Form):
    def __init__(self, data=None, *, required: bool = True, initial_code: str | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.required = required
        selected = self._selected(initial_code)
        parent: str | None = None
        for index, (name, label) in enumerate(LEVELS):
            choices = region_children(parent=parent) if index == 0 or parent else []
            codes = {c["code"] for c in choices}
            value = selected.get(name)
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("— choose —"))] + [(c["code"], c["name"]) for c in choices],
                initial=value if value in codes else None,
            )
            parent = value if value in codes else None

    def _selected(self, initial_code: str | None) -> dict[str, str]:
        """The chosen code per level, dropping any choice that does not lie inside the level above."""
        if self.is_bound:
            raw = {name: (self.data.get(self.add_prefix(name)) or "").strip() for name, _ in LEVELS}
        elif initial_code and is_valid_code(initial_code):
            raw = dict(zip((name for name, _ in LEVELS), ancestors(initial_code), strict=False))
        else:
            raw = {}
        selected: dict[str, str] = {}
        parent = None
        for name, _label in LEVELS:
            value = raw.get(name, "")
            if not value or (parent is not None and not within(value, parent)):
                break
            selected[name] = value
            parent = value
        return selected

    @property
    def is_refresh(self) -> bool:
        """True when the user only asked for the next level's choices (no-JavaScript path)."""
        return self.is_bound and REFRESH_FIELD in self.data

    def clean(self):
        cleaned = super().clean()
        if self.required and not cleaned.get("village"):
            missing = next((name for name, _ in LEVELS if not cleaned.get(name)), "village")
            self.add_error(
                missing, _("Please choose your %(level)s.") % {"level": dict(LEVELS)[missing].lower()}
            )
        return cleaned

    @property
    def deepest_code(self) -> str | None:
        """The most precise region chosen (after validation), or None."""
        data = getattr(self, "cleaned_data", {})
        return next((data[name] for name, _ in reversed(LEVELS) if data.get(name)), None)
