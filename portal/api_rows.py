"""Staff API lists that write their rows the way their serializer says, without its per-field machinery.

DRF builds a ModelSerializer's fields anew for every response, then for every field of every row looks the
value up, checks it and converts it through several calls: for a page of 50 placements with 24 fields that
is most of the response's time (P6 in benchmarks/README.md). Here a serializer's fields are read once per
process into a plan (per field: where its value lives, and how DRF writes it), and each row is written by
that plan. The JSON is DRF's own (tests/portal/test_api_rows.py compares every list with DRF's output).

A serializer opts in with `list_serializer_class = PlannedListSerializer` in its Meta. Fields the plan does
not know are written by the field itself, as DRF would.
"""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

_SKIP = object()
_PLANS: dict[type, list[tuple[str, Callable[[Any], Any]]]] = {}

Cell = Callable[[Any], Any]


class PlannedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        plan = _PLANS.get(type(self.child))
        if plan is None:
            plan = _PLANS[type(self.child)] = _plan(self.child)
        rows = []
        for item in items:
            row = {}
            for name, cell in plan:
                value = cell(item)
                if value is not _SKIP:
                    row[name] = value
            rows.append(row)
        return rows


def _plan(serializer: serializers.Serializer) -> list[tuple[str, Cell]]:
    return [(name, _cell(field)) for name, field in serializer.fields.items() if not field.write_only]


def _cell(field: fields.Field) -> Cell:
    if field.source == "*" or isinstance(field, serializers.BaseSerializer | fields.SerializerMethodField):
        return _as_drf(field)
    if isinstance(field, relations.RelatedField):
        return _related(field)
    convert = _converter(field)
    read = attrgetter(".".join(field.source_attrs))

    def cell(instance):
        try:
            value = read(instance)
        except (AttributeError, ObjectDoesNotExist):
            return _as_drf(field)(instance)  # a missing link: DRF's default, null or skip
        if callable(value) and not isinstance(value, models.Model):
            return _as_drf(field)(instance)
        return None if value is None else convert(value)

    return cell


def _converter(field: fields.Field) -> Callable[[Any], Any]:
    """How DRF writes a value that is not None, for the kinds of field the staff lists carry."""
    if isinstance(field, fields.ChoiceField):
        by_string = field.choice_strings_to_values
        return lambda value: value if value == "" else by_string.get(str(value), value)
    if type(field) is fields.CharField:
        return str
    if type(field) is fields.IntegerField:
        return int
    if (
        type(field) is fields.DateTimeField
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
    ):

        def instant(value):
            if not value or isinstance(value, str):
                return value or None
            written = field.enforce_timezone(value).isoformat()
            return written[:-6] + "Z" if written.endswith("+00:00") else written

        return instant
    return field.to_representation


def _related(field: relations.RelatedField) -> Cell:
    """A related object shown by its key (DRF's primary-key shortcut); any other relation as DRF does."""
    if not (isinstance(field, relations.PrimaryKeyRelatedField) and field.use_pk_only_optimization()):
        return _as_drf(field)
    if field.pk_field is not None:
        return _as_drf(field)
    parent = attrgetter(".".join(field.source_attrs[:-1])) if len(field.source_attrs) > 1 else None
    last = field.source_attrs[-1]

    def cell(instance):
        try:
            holder = parent(instance) if parent else instance
            return holder.serializable_value(last)
        except (AttributeError, ObjectDoesNotExist):
            return _as_drf(field)(instance)

    return cell


def _as_drf(field: fields.Field) -> Cell:
    """The field written exactly as DRF's Serializer.to_representation writes it."""

    def cell(instance):
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _SKIP
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return cell
