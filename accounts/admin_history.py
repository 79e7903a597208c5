"""The change history of person records in the admin (django-simple-history), scoped and masked.

Scoped: the history of a record is shown only to whoever may open the record itself (the scoped
queryset), and opening it is logged like any read. Masked: the history tables never hold the encrypted
identifiers (see `excluded_fields` on the models); what is left of them (the last digits kept for masked
display) is shown as "changed", never as a value."""

from typing import Any, ClassVar

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

# Fields derived from an encrypted identifier: a change is shown, the values never are.
MASKED_HISTORY_FIELDS = frozenset({"nik_last4", "number_last4"})
CHANGED = _("(changed)")
EMPTY = "—"


class MaskedContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value) -> Any:
        if change.field in MASKED_HISTORY_FIELDS:
            return CHANGED
        field = self.model._meta.get_field(change.field)
        # An empty link reads as an empty value, not as the library's "deleted object (pk=None)".
        if value is None or (field.is_relation and getattr(value, "pk", "") is None):
            return EMPTY
        if field.choices:
            return dict(field.flatchoices).get(value, value)  # the label the officer knows, translated
        return super().prepare_delta_change_value(change, value)


class ScopedHistoryAdminMixin(SimpleHistoryAdmin):
    """Put after `ScopedAdminMixin` in the bases, so `get_queryset`/`get_object` are the scoped ones."""

    # Restoring a version would bypass the services (and their checks); the history is read-only.
    history_list_per_page: ClassVar[int] = 50

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def _check_scope(self, request, object_id: str) -> None:
        # Also the read log: the history holds the same personal data as the record.
        if self.get_object(request, object_id) is None:
            raise Http404

    def get_urls(self):
        # The library's version URL has unnamed groups; the same route with named ones, so the access
        # matrix (and `reverse` with keywords) can name it.
        info = self.model._meta.app_label, self.model._meta.model_name
        version = path(
            "<path:object_id>/history/<int:history_id>/",
            self.admin_site.admin_view(self.history_form_view),
            name="{}_{}_simple_history".format(*info),
        )
        urls = [u for u in super().get_urls() if getattr(u, "name", None) != version.name]
        return [version, *urls]

    def history_view(self, request, object_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, history_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().history_form_view(request, object_id, history_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedContextHelper(self.model, historical_record)
