"""A flag's evidence as an officer reads it: each value under the label of the field it came from, coded
values under their choice label ("Jenis visa: Visa turis", not "visa_type: TOURIST").

A rule names each evidence value by a field path on Placement (placements/rules/base.py), so the label
and the choices come from the model itself: a new rule needs no entry here. Only values computed by an
expression, and the per-document checks, need the small tables below."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placements.models import Flag, Placement
from placements.rules import RULES
from workers.choices import DocumentType

# Values a rule computes with an expression rather than reading a field.
COMPUTED_LABELS = {
    "complaints": gettext_lazy("complaints about this placement"),
    "fees_charged_idr": gettext_lazy("fees charged (IDR)"),
}


def _field(path: str) -> models.Field | models.ForeignObjectRel | None:
    """The model field at the end of a Placement lookup path (`worker__birth_date`, `position_id`)."""
    model: type[models.Model] = Placement
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            try:  # `position_id`: the attname of a foreign key
                field = next(f for f in model._meta.concrete_fields if f.attname == part)
            except StopIteration:
                return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def _plain(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            pass
    return str(value)


def evidence_rows(flag: Flag) -> list[tuple[str, str]]:
    """(label, value) for each evidence value of the flag, in the order the rule declared them."""
    rule = RULES.get(flag.rule)
    paths = rule.evidence if rule else {}
    documents = {choice.lower(): label for choice, label in DocumentType.choices}
    rows = []
    for name, value in flag.evidence.items():
        path = paths.get(name)
        field = _field(path) if isinstance(path, str) else None
        if field is not None:
            label = str(getattr(field, "verbose_name", name))
            choices = dict(getattr(field, "flatchoices", None) or [])
            shown = str(choices[value]) if value in choices else _plain(value)
        elif name in documents:
            label, shown = (
                str(documents[name]),
                _("verified and valid") if value else _("missing or not valid"),
            )
        else:
            label, shown = str(COMPUTED_LABELS.get(name, name.replace("_", " "))), _plain(value)
        rows.append((capfirst(label), shown))
    return rows
