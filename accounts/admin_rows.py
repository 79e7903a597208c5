"""The rows of an admin list page, drawn as Django's admin draws them, for a fraction of the time.

Django's `items_for_result` works out every cell from scratch: which field the column is, its empty value,
its classes, its choices, its link (a `reverse()` and a parse of the preserved filters per row), and the
template then renders each cell on its own. On a page of 50 rows and 9 columns that is most of the page's
time (P5 in benchmarks/README.md). Here each column is worked out once per page, each row becomes one string,
and the HTML is the same, character for character (tests/accounts/test_admin_rows.py compares every list).
Pages Django draws differently (editable lists, pop-ups, a `to_field`) keep Django's own rows.
"""

import datetime
import html
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (  # type: ignore[attr-defined]
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_PK = "PORTALROWKEY"  # stands for the primary key in a change link worked out once per page (no character
# admin's quote() or reverse() would change)

Cell = Callable[[models.Model], str]


def results(cl) -> Iterator[admin_list.ResultList]:
    """What `admin_list.results` yields: per row, a list of the row's cells (here one string of them all)."""
    if cl.formset or cl.is_popup or cl.to_field:
        yield from admin_list.results(cl)
        return
    cells = _cells(cl)
    for result in cl.result_list:
        yield admin_list.ResultList(None, [mark_safe("".join([cell(result) for cell in cells]))])  # noqa: S308


def result_list(cl) -> dict:
    """The context of Django's `{% result_list %}`, with the rows drawn by `results` above."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(results(cl)),
    }


def _cells(cl) -> list[Cell]:
    links = cl.list_display_links
    cells, first = [], True
    for index, name in enumerate(cl.list_display):
        linked = links is not None and ((first and not links) or name in links)
        cells.append(_cell(cl, index, name, linked=linked, first=first))
        if linked:
            first = False
    return cells


def _cell(cl, index: int, name, *, linked: bool, first: bool) -> Cell:
    empty = cl.model_admin.get_empty_value_display()
    css = f"field-{admin_list._coerce_field_name(name, index)}"  # type: ignore[attr-defined]
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        field = None
    if field is None or field.auto_created:
        show = _computed(cl, name, empty, css)
    else:
        show = _field(field, empty, css, linked=linked)
    if not linked:
        return lambda result: _tag("td", *show(result))
    return _linked(cl, show, tag="th" if first else "td")


def _computed(cl, name, empty: str, css: str) -> Callable[[models.Model], tuple[SafeString, object]]:
    """A method, property or callable: its value, empty value and boolean flag are read for each row."""

    first = "action-checkbox" if name == "action_checkbox" else css
    plain, nowrap = _class([first]), _class([first, "nowrap"])  # the column's classes: worked out once

    def show(result):
        try:
            _field, attr, value = lookup_field(name, result, cl.model_admin)
        except ObjectDoesNotExist:
            return _class([css]), empty
        if isinstance(value, str) and value.strip() == "":
            value = ""
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        shown = display_for_value(value, getattr(attr, "empty_value_display", empty), boolean)
        return nowrap if isinstance(value, datetime.date | datetime.time) else plain, shown

    return show


def _field(
    field, empty: str, css: str, *, linked: bool
) -> Callable[[models.Model], tuple[SafeString, object]]:
    """A model field: its kind, choices and classes are the same on every row."""
    nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
    classes, missing = _class([css, "nowrap"] if nowrap else [css]), _class([css])
    if isinstance(field.remote_field, models.ManyToOneRel):
        # Django reads the related object here (whose __str__ is shown), not the key.
        def related(result):
            try:
                value = getattr(result, field.name)
            except ObjectDoesNotExist:
                return missing, empty
            return classes, empty if value is None else value

        return related
    choices = _choices(field)
    icons = {v: admin_list._boolean_icon(v) for v in (True, False, None)} if choices is None else {}  # type: ignore[attr-defined]
    # What display_for_field comes to for these kinds, with its choice of branch made once per column: text
    # shows as itself; a moment in the DATETIME_FORMAT of the page's language (`localize`'s format).
    text = isinstance(field, models.CharField | models.TextField) and not isinstance(field, models.URLField)
    moment_format = get_format("DATETIME_FORMAT") if isinstance(field, models.DateTimeField) else None

    def show(result):
        try:
            value = getattr(result, field.name)
        except ObjectDoesNotExist:
            return missing, empty
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if choices is not None:
            return classes, choices.get(value, empty)
        if isinstance(field, models.BooleanField):
            return classes, icons[value]
        if text and value not in field.empty_values:
            return classes, str(value)
        if moment_format and value not in field.empty_values:
            return classes, dateformat.format(timezone.template_localtime(value), moment_format)
        return classes, display_for_field(value, field, empty, avoid_link=linked)

    return show


def _choices(field) -> dict | None:
    """The column's labels, translated once for the page (the request's language) rather than per cell."""
    if not getattr(field, "flatchoices", None):
        return None
    try:
        return {value: label if isinstance(label, str) else str(label) for value, label in field.flatchoices}
    except TypeError:  # list-like choices: Django makes them hashable per cell; rare enough to leave to it
        return None


def _linked(cl, show, *, tag: str) -> Cell:
    try:
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, cl.url_for_result(_Placeholder(cl))
        )
    except NoReverseMatch:
        return lambda result: _tag(tag, *show(result))
    escaped = conditional_escape(url)

    def href(result) -> str:
        return escaped.replace(_PK, _escaped(quote(getattr(result, cl.pk_attname))))

    def href_reversed(result) -> str:  # Django's way, one reverse() per row
        return conditional_escape(
            add_preserved_filters(
                {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, cl.url_for_result(result)
            )
        )

    if cl.result_list and href(cl.result_list[0]) != href_reversed(cl.result_list[0]):
        href = href_reversed  # a key reverse() would encode further (not ASCII, say)

    def cell(result):
        row_class, shown = show(result)
        return _tag(tag, row_class, mark_safe(f'<a href="{href(result)}">{_escaped(shown)}</a>'))  # noqa: S308

    return cell


class _Placeholder:
    """Stands for a row when the change link is worked out once per page."""

    def __init__(self, cl):
        setattr(self, cl.pk_attname, _PK)


def _tag(tag: str, row_class: str, shown: Any) -> str:
    """`format_html("<{}{}>{}</{}>", ...)` without its work on the constant parts."""
    return f"<{tag}{row_class}>{_escaped(shown)}</{tag}>"


def _escaped(value: Any) -> str:
    """`conditional_escape`, with the usual kinds of a cell done directly: Django's `escape` is `html.escape`
    behind a check for lazy arguments that costs more than the escaping on a cell's short text."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is SafeString:
        return value
    return conditional_escape(value)


def _class(classes: list[str]) -> SafeString:
    return mark_safe(' class="%s"' % " ".join(classes))  # noqa: S308, UP031 - Django's markup, names not input
