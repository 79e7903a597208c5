"""Admin building blocks for person-level registers: rows through `visible_to`, counts kept cheap."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.scoping import person_scope
from regions.models import Regency

# Counting a million rows for a page number nobody reads is wasted work; past this, "many" will do.
COUNT_CAP = 100_000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows (`SELECT COUNT(*) FROM (... LIMIT n)`), never the whole table."""

    @cached_property
    def count(self) -> int:
        return self.object_list[:COUNT_CAP].count()


class ScopedAdminMixin:
    """Rows come only from `Model.objects.visible_to(user)`; out-of-scope objects are a 404."""

    paginator = CappedCountPaginator
    show_full_result_count = False
    # Joined for every page of the model, the object's page too; by default what the list joins.
    scoped_select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = self.model.objects.visible_to(request.user)
        related = self.scoped_select_related or (
            tuple(self.list_select_related) if isinstance(self.list_select_related, list | tuple) else ()
        )
        if related:
            queryset = queryset.select_related(*related)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's admin redirects to the list with "does not exist"; out of scope must look like absent: 404.
        raise Http404

    def has_module_permission(self, request) -> bool:
        return person_scope(request.user) is not None and super().has_module_permission(request)


def regency_filter(region_field: str) -> type[admin.SimpleListFilter]:
    """A list filter by regency/city, offering only the regencies inside the user's scope."""

    class RegencyFilter(admin.SimpleListFilter):
        title = _("regency / city")
        parameter_name = "regency"

        def lookups(self, request, model_admin):
            scope = person_scope(request.user)
            if scope is None:
                return []
            regencies = Regency.objects.order_by("code")
            if not scope.all_regions:
                regencies = regencies.filter(province_id__in={code[:2] for code in scope.codes})
            return [
                (r.code, r.name)
                for r in regencies
                if scope.covers(r.code) or any(c.startswith(r.code + ".") for c in scope.codes)
            ]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{region_field}__startswith": self.value() + "."})
            return queryset

    return RegencyFilter
