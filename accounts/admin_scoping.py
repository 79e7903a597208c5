"""Admin building blocks for person-level registers: rows through `visible_to`, every field, prefill and
inline that chooses a person scoped the same way, reads logged, counts kept cheap."""

from functools import cache
from typing import Any, ClassVar
from urllib.parse import quote_plus

from django.contrib import admin
from django.contrib.admin import helpers, widgets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import person_list_read, person_read
from accounts.admin_mixins import ServiceErrorsMixin
from accounts.models import AccessAction
from accounts.scoping import is_person_level, person_scope
from regions.selectors import provinces, regencies_of

# Counting a million rows for a page number nobody reads is wasted work; past this, "many" will do.
COUNT_CAP = 100_000
# A list page counts only this many pages past the one shown (the paginator offers those), so a count
# costs what a few pages cost, however many rows the scope and filter select.
PAGES_AHEAD = 10


class CappedCountPaginator(Paginator):
    """Counts at most `limit` rows (`SELECT COUNT(*) FROM (... LIMIT n)`), never the whole table, and
    unordered: the page's ORDER BY inside the subquery would sort every row before the LIMIT."""

    object_list: QuerySet[Any]
    limit = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.limit].count()

    @property
    def count_is_partial(self) -> bool:
        """True when there may be more rows than counted (the page shows "N or more")."""
        return self.count >= self.limit


class _AutocompletePaginator(CappedCountPaginator):
    """The autocomplete's pages of people: each page served writes one `LIST` row."""

    request = None
    model = None

    def page(self, number):
        page = super().page(number)
        person_list_read(request=self.request, model=self.model, rows=len(page.object_list))
        return page


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """Names the record beside a raw id only when the user may see it (Django's looks up any row)."""

    def __init__(self, rel, admin_site, *, queryset, attrs=None, using=None):
        super().__init__(rel, admin_site, attrs, using)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        try:
            visible = self.queryset.filter(**{self.rel.get_related_field().name: value}).exists()
        except (ValueError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class PersonChoicesMixin:
    """Every field that chooses a person-level row (select, raw id, autocomplete, many-to-many) offers
    and accepts only `visible_to(user)`; reference registers (agencies, job orders, regions) are public
    and keep Django's choices. Used by every scoped admin and, through it, by each of its inlines."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        model = db_field.remote_field.model
        if not is_person_level(model):
            return queryset
        return (queryset if queryset is not None else model._default_manager.using(db)).visible_to(
            request.user
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            "widget" not in kwargs
            and db_field.name in self.raw_id_fields
            and is_person_level(db_field.remote_field.model)
        ):
            kwargs["queryset"] = self.get_field_queryset(kwargs.get("using"), db_field, request)
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, queryset=kwargs["queryset"], using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@cache
def _with_person_choices(inline_class: type) -> type:
    if issubclass(inline_class, PersonChoicesMixin):
        return inline_class
    return type(
        inline_class.__name__, (PersonChoicesMixin, inline_class), {"__module__": inline_class.__module__}
    )


class ScopedAdminMixin(PersonChoicesMixin, ServiceErrorsMixin):
    """Rows come only from `Model.objects.visible_to(user)`; out-of-scope objects are a 404; every field,
    prefill and inline that points at a person offers only people the user may see."""

    paginator: ClassVar[type[Paginator]] = CappedCountPaginator
    show_full_result_count = False
    # Joined for every page of the model, the object's page too; by default what the list joins.
    scoped_select_related: tuple[str, ...] = ()

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django's markup, without rendering a widget template for every row (a tenth of a list page), and
        # what format_html would write, with only the row's own values escaped (the rest is constant).
        label = gettext("Select this object for an action - {}").format(conditional_escape(obj))
        return mark_safe(  # noqa: S308 - the object and its key are escaped; the rest is Django's markup
            f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" value="{conditional_escape(obj.pk)}"'
            f' class="action-select" aria-label="{label}">'
        )

    def get_actions(self, request):
        """Django asks three times a list page, each time checking every action's permissions: once will do."""
        cached = getattr(request, "_portal_admin_actions", None)
        if cached is None:
            cached = request._portal_admin_actions = {}
        if self not in cached:
            cached[self] = super().get_actions(request)
        return dict(cached[self])

    def get_queryset(self, request):
        queryset = self.model.objects.visible_to(request.user)
        related = self.scoped_select_related or (
            tuple(self.list_select_related) if isinstance(self.list_select_related, list | tuple) else ()
        )
        if related:
            queryset = queryset.select_related(*related)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_object(self, request, object_id, from_field=None):
        """Every admin page that fetches a person's record (change, history, custom pages) logs the read."""
        return self.get_logged_object(request, object_id, from_field=from_field)

    def get_logged_object(
        self, request, object_id, *, action=AccessAction.VIEW, detail=None, from_field=None
    ):
        """`action=None` fetches without logging, for a view that logs once it knows what it shows."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and action is not None:
            person_read(request=request, obj=obj, action=action, detail=detail)
        return obj

    def get_changelist_instance(self, request):
        """A list page of people writes one `LIST` row; its rows are the page's, counted as it renders them."""
        changelist = super().get_changelist_instance(request)
        person_list_read(request=request, model=self.model, rows=len(changelist.result_list))
        return changelist

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # Django's autocomplete pages through this (the target's) admin: its answers name people too.
        if getattr(request.resolver_match, "view_name", "") == "admin:autocomplete":
            paginator = _AutocompletePaginator(queryset, per_page, orphans, allow_empty_first_page)
            paginator.request, paginator.model = request, self.model
            return paginator
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        if isinstance(paginator, CappedCountPaginator):
            raw = request.GET.get("p", "1")
            page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
            paginator.limit = min(COUNT_CAP, (max(page, 1) + PAGES_AHEAD) * per_page)
        return paginator

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's admin redirects to the list with "does not exist"; out of scope must look like absent: 404.
        raise Http404

    def has_module_permission(self, request) -> bool:
        # A mixin: mypy sees `object` as its base, but ModelAdmin, which defines this, follows in the MRO.
        return person_scope(request.user) is not None and super().has_module_permission(request)  # type: ignore[misc]

    def get_inlines(self, request, obj):
        return [_with_person_choices(inline) for inline in super().get_inlines(request, obj)]

    def get_changeform_initial_data(self, request):
        """`?worker=<id>` prefills only a person the user may see; any other id is dropped unread."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not (field.many_to_one or field.many_to_many) or not is_person_level(field.related_model):
                continue
            wanted = set(value if isinstance(value, list) else [value])
            key = field.target_field.attname if field.many_to_one else "pk"
            try:
                found = field.related_model._default_manager.visible_to(request.user).filter(
                    **{f"{key}__in": wanted}
                )
                if found.count() != len(wanted):
                    del initial[name]
            except (ValueError, ValidationError):
                del initial[name]
        return initial


class _OnceAddressed:
    """Stands for the changelist in a filter's `choices()`: the page's address with one parameter set to a
    value is built once per parameter, and each choice's value put in, instead of once per choice (Django's
    way, most of a list page's time with a few hundred choices). A value the address would have to quote is
    left to Django. Same links, same order."""

    _CHOSEN = "PORTALCHOSENVALUE"

    def __init__(self, changelist) -> None:
        self._changelist = changelist
        self._addresses: dict[tuple[str, tuple[str, ...]], str] = {}

    def __getattr__(self, name: str):
        return getattr(self._changelist, name)

    def get_query_string(self, new_params=None, remove=None) -> str:
        if not new_params or len(new_params) != 1:
            return self._changelist.get_query_string(new_params, remove)
        [(name, value)] = new_params.items()
        text = str(value)
        if value is None or isinstance(value, list) or quote_plus(text) != text:
            return self._changelist.get_query_string(new_params, remove)
        key = (name, tuple(remove or ()))
        if key not in self._addresses:
            self._addresses[key] = self._changelist.get_query_string({name: self._CHOSEN}, remove)
        return self._addresses[key].replace(self._CHOSEN, text)


class ManyChoicesFilter(admin.SimpleListFilter):
    """A list filter with many choices (provinces and regencies, agencies), its links built once per page."""

    def choices(self, changelist):
        yield from super().choices(_OnceAddressed(changelist))


class ManyRelatedChoicesFilter(admin.RelatedFieldListFilter):
    """Django's filter by a related record (a country, a position), its links built once per page: used for
    every such filter of the admin (registered below)."""

    def choices(self, changelist):
        yield from super().choices(_OnceAddressed(changelist))


admin.FieldListFilter.register(lambda f: f.remote_field, ManyRelatedChoicesFilter, take_priority=True)


def regency_filter(region_field: str) -> type[admin.SimpleListFilter]:
    """A list filter by region inside the user's scope. A scope within one province lists its regencies and
    cities; a wider one lists its provinces, and the regencies of the one chosen beneath it (a province
    code filters too), instead of five hundred links nobody scrolls through on every page."""

    class RegencyFilter(ManyChoicesFilter):
        title = _("regency / city")
        parameter_name = "regency"

        def __init__(self, request, params, model, model_admin):
            self.scope = person_scope(request.user)
            self.scope_provinces = _scope_provinces(self.scope)
            if len(self.scope_provinces) > 1:
                self.title = _("province, regency / city")
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            scope = self.scope
            if scope is None or not self.scope_provinces:
                return []
            single = len(self.scope_provinces) == 1
            opened = self.scope_provinces[0][0] if single else (self.value() or "")[:2]
            regencies = [
                (code, name if single else f"— {name}")
                for code, name in regencies_of(opened)
                if scope.covers(code) or any(c.startswith(code + ".") for c in scope.codes)
            ]
            if single:
                return regencies
            choices = []
            for code, name in self.scope_provinces:
                choices.append((code, name))
                if code == opened:
                    choices += regencies
            return choices

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{region_field}__startswith": self.value() + "."})
            return queryset

    return RegencyFilter


def _scope_provinces(scope) -> list[tuple[str, str]]:
    """The code and name of each province a scope reaches into, wholly or in part."""
    if scope is None:
        return []
    reached = None if scope.all_regions else {code[:2] for code in scope.codes}
    return [(code, name) for code, name in provinces() if reached is None or code in reached]
