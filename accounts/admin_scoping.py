"""Admin building blocks for person-level registers: rows through `visible_to`, counts kept cheap."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from accounts.scoping import person_scope

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
    scoped_select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = self.model.objects.visible_to(request.user)
        if self.scoped_select_related:
            queryset = queryset.select_related(*self.scoped_select_related)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def has_module_permission(self, request) -> bool:
        return person_scope(request.user) is not None and super().has_module_permission(request)
