"""Staff API lists that write their rows the way their serializer says, without its per-field machinery.

DRF builds a ModelSerializer's fields anew for every response, then for every field of every row looks the
value up, checks it and converts it through several calls: for a page of 50 placements with 24 fields that
is most of the response's time (P6 in benchmarks/README.md). Here a serializer's fields are read once per
process into a plan (per field: where its value lives, and how DRF writes it), and each row is written by
that plan. The JSON is DRF's own (tests/portal/test_api_rows.py compares every list with DRF's output).

A serializer opts in with `list_serializer_class = PlannedListSerializer` in its Meta. Fields the plan does
not know are written by the field itself, as DRF would.

A list view that also takes `PlannedRowsMixin` reads its page as plain rows (`values()`) where every field
of its serializer is a column of the model, of a model it links to, or an annotation of the queryset: no
model instance is built for a row (the other half of a page's time), and by a statement compiled once per
shape of query (`portal.row_statements`). A serializer with a field that needs
the instance (a method, a property, a nested serializer) keeps the instances.
"""

import datetime
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from portal.row_statements import rows_of

_SKIP = object()
Cell = Callable[[Any], Any]
_PLANS: dict[type, list[tuple[str, Cell]]] = {}
# Per field of a row: its name, its key in the row, the type of value with a short way to write it (None:
# none), that way (None: the value as it is; a _PerZone: made for each page), and DRF's conversion for any
# other value (None: the value as it is).
RowEntry = tuple[str, str, type | None, Any, Callable[[Any], Any] | None]
_ROW_PLANS: dict[type, list[RowEntry]] = {}
_ROW_KEYS: dict[tuple[type, type, frozenset[str]], tuple[str, ...] | None] = {}


class PlannedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        if isinstance(items, list) and items and isinstance(items[0], dict):
            return _write_rows(self.child, items)
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


def _write_rows(serializer: serializers.Serializer, items: list[dict]) -> list[dict]:
    """`values()` rows written by the row plan: a value already of the type DRF writes is taken as it is, so
    most cells cost a dictionary read (a page is 50 rows of up to 24 fields)."""
    plan = _ROW_PLANS.get(type(serializer))
    if plan is None:
        plan = _ROW_PLANS[type(serializer)] = _row_plan(serializer)
    zone = timezone.get_current_timezone()  # DRF writes instants in the zone of the request
    page_plan: list[RowEntry] = [
        (name, key, kind, short(zone) if isinstance(short, _PerZone) else short, convert)
        for name, key, kind, short, convert in plan
    ]
    rows = []
    for item in items:
        row: dict[str, Any] = {}
        for name, key, kind, short, convert in page_plan:
            value = item[key]
            if value is None:
                row[name] = None
            elif type(value) is kind:
                row[name] = value if short is None else short(value)
            else:
                row[name] = value if convert is None else convert(value)
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
            return _iso_instant(field.enforce_timezone(value))

        return instant
    return field.to_representation


def _iso_instant(value: datetime.datetime) -> str:
    """An aware instant in ISO 8601 as DRF writes it: UTC as `Z`."""
    written = value.isoformat()
    return written[:-6] + "Z" if written.endswith("+00:00") else written


def _related(field: relations.RelatedField) -> Cell:
    """A related object shown by its key (DRF's primary-key shortcut); any other relation as DRF does."""
    if not _pk_only(field):
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


class PlannedRowsMixin:
    """For a list view whose serializer is planned: its page is read as `values()` rows when every field is
    a column or an annotation (see `row_keys`), else as model instances."""

    def paginate_queryset(self, queryset):
        keys = row_keys(self.get_serializer_class(), queryset)  # type: ignore[attr-defined]
        if keys is not None:
            queryset = rows_of(queryset, keys)
        return super().paginate_queryset(queryset)  # type: ignore[misc]


def row_keys(serializer_class: type[serializers.Serializer], queryset: QuerySet) -> tuple[str, ...] | None:
    """The `values()` keys that carry every field the serializer writes (the primary key first, for the
    keyset cursor), or None when a field needs the model instance. Worked out once per serializer, model and
    set of annotations."""
    cache_key = (serializer_class, queryset.model, frozenset(queryset.query.annotations))
    if cache_key not in _ROW_KEYS:
        fields_ = [field for field in serializer_class().fields.values() if not field.write_only]
        keys = [_row_key(field, queryset) for field in fields_]
        usable = all(key is not None for key in keys)
        pk = queryset.model._meta.pk.name  # type: ignore[union-attr]
        _ROW_KEYS[cache_key] = tuple(dict.fromkeys([pk, *keys])) if usable else None  # type: ignore[list-item]
    return _ROW_KEYS[cache_key]


def _row_key(field: fields.Field, queryset: QuerySet) -> str | None:
    """The field's `values()` key: its source path joined by `__`, when the path ends on a column (or is an
    annotation) and each step before it is a link to one row. None when only the instance can answer."""
    if field.source == "*" or isinstance(field, serializers.BaseSerializer | fields.SerializerMethodField):
        return None
    if isinstance(field, relations.RelatedField) and not _pk_only(field):
        return None
    attrs = field.source_attrs
    if len(attrs) == 1 and attrs[0] in queryset.query.annotations:
        return attrs[0]
    opts, nullable = queryset.model._meta, False
    try:
        for attr in attrs[:-1]:
            link = opts.get_field(attr)
            if not (link.many_to_one or link.one_to_one) or not link.concrete:
                return None
            nullable = nullable or link.null
            opts = link.related_model._meta  # type: ignore[union-attr]
        last = opts.get_field(attrs[-1])
    except FieldDoesNotExist:
        return None  # a property or a method of the model
    if not getattr(last, "concrete", False) or last.many_to_many:
        return None
    if isinstance(field, relations.RelatedField) and not last.is_relation:
        return None
    if not isinstance(field, relations.RelatedField) and last.is_relation and attrs[-1] != last.attname:
        return None  # DRF writes the linked object's str(), a row holds its key
    # A missing linked row reads as None in a row; DRF writes None for it only by the field's default (None)
    # or its allow_null. Any other field keeps the instances.
    if nullable and not (field.default is None or (field.default is fields.empty and field.allow_null)):
        return None
    return "__".join(attrs)


def _pk_only(field: relations.RelatedField) -> bool:
    return (
        isinstance(field, relations.PrimaryKeyRelatedField)
        and field.use_pk_only_optimization()
        and field.pk_field is None
    )


def _row_plan(serializer: serializers.Serializer) -> list[RowEntry]:
    """The plan for `values()` rows: each field read by its key, then written as for an instance."""
    plan: list[RowEntry] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        key = "__".join(field.source_attrs)
        if isinstance(field, relations.RelatedField):
            plan.append((name, key, None, None, None))  # the linked row's key, as DRF's primary-key shortcut
        else:
            plan.append((name, key, *_short_way(field), _converter(field)))
    return plan


class _PerZone:
    """An ISO 8601 instant as DRF writes it (`DateTimeField.to_representation`), made for a page's zone."""

    def __init__(self, field: fields.DateTimeField):
        self.field = field

    def __call__(self, zone) -> Callable[[datetime.datetime], Any]:
        field = self.field

        def instant(value: datetime.datetime):
            if value.tzinfo is None:  # never so for a column read with USE_TZ; DRF's way all the same
                return field.to_representation(value)
            return _iso_instant(value.astimezone(zone))

        return instant


def _short_way(field: fields.Field) -> tuple[type | None, Any]:
    """The type of value DRF writes in a way known here, and that way (None: unchanged): the value types
    that fill most cells of a list, so most cells cost a dictionary read or one method call."""
    if isinstance(field, fields.ChoiceField):
        by_string = field.choice_strings_to_values
        return (str if all(key == value for key, value in by_string.items()) else None), None
    if type(field) is fields.DateField and getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601:
        return datetime.date, datetime.date.isoformat
    if (
        type(field) is fields.DateTimeField
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(field, "timezone")  # a field's own zone: DRF's way
    ):
        return datetime.datetime, _PerZone(field)
    return {fields.CharField: str, fields.IntegerField: int, fields.BooleanField: bool}.get(type(field)), None
