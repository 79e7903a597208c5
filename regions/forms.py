"""The region cascade (province > regency > district > village), reusable by any form.

The form is rebuilt from whatever is selected: each level's choices are the children of the level
above, and a choice that no longer lies inside the level above is dropped quietly. With htmx, a
change re-renders the cascade from `regions:cascade`; without JavaScript, the "show next choices"
button (REFRESH_FIELD) submits the host form, which re-renders with the next level filled. Either
way a refresh is not a submission: the form is unbound then and shows no errors.
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


def is_refresh(data) -> bool:
    """True when a POST or GET only asked for the next level's choices."""
    return data is not None and REFRESH_FIELD in data


class RegionCascadeForm(forms.Form):
    def __init__(
        self,
        data=None,
        *,
        required: bool = True,
        initial_code: str | None = None,
        refresh: bool = False,
        **kwargs,
    ):
        self.refreshing = refresh or is_refresh(data)
        prefix = kwargs.get("prefix")
        selected = _selected(data, prefix, initial_code)
        super().__init__(None if self.refreshing else data, initial=selected, **kwargs)
        self.required = required
        parent: str | None = None
        for name, label in LEVELS:
            choices = region_children(parent=parent) if name == "province" or parent else []
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("— choose —"))] + [(c["code"], c["name"]) for c in choices],
            )
            parent = selected.get(name) if selected.get(name) in {c["code"] for c in choices} else None

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


def _selected(data, prefix: str | None, initial_code: str | None) -> dict[str, str]:
    """The chosen code per level, stopping at the first choice outside the level above."""
    if data is not None:
        key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
        raw = {name: (data.get(key(name)) or "").strip() for name, _ in LEVELS}
    elif initial_code and is_valid_code(initial_code):
        raw = dict(zip((name for name, _ in LEVELS), ancestors(initial_code), strict=False))
    else:
        raw = {}
    selected: dict[str, str] = {}
    parent = None
    for name, _label in LEVELS:
        value = raw.get(name, "")
        if not value or not is_valid_code(value) or (parent is not None and not within(value, parent)):
            break
        selected[name] = value
        parent = value
    return selected
