from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.admin_breach import access_report_view
from accounts.admin_mixins import NoAddMixin, ReadOnlyMixin
from accounts.models import AccessLog, ApiToken, HelpChannel, Office, StaffProfile, WorkerHeartbeat
from accounts.services import help_channel_save


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_codes", "phone", "is_demo"]
    search_fields = ["code", "name"]


@admin.register(HelpChannel)
class HelpChannelAdmin(admin.ModelAdmin):
    """The national channels on every public page (domain.md §9): a row shows only with a source."""

    list_display = ["order", "number", "label", "active", "source"]
    list_display_links = ["number"]
    ordering = ["order", "id"]
    fields = ["order", "number", "label", "label_en", "source", "active"]

    def save_model(self, request, obj, form, change):
        help_channel_save(channel=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # hide a channel instead ("shown" off): the row keeps its source for the record


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "region_codes", "all_regions"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(NoAddMixin, admin.ModelAdmin):
    # Tokens are issued by a command that shows the key once.
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    exclude = ["key_hash"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only; search by subject id to see everyone who read one person's data."""

    list_display = ["at", "username", "action", "subject_type", "subject_id", "purpose", "ip_address"]
    list_filter = ["action", "subject_type"]
    search_fields = ["=subject_id", "=username"]
    date_hierarchy = "at"
    show_full_result_count = False

    def get_urls(self):
        report = path(
            "access-report/",
            self.admin_site.admin_view(lambda request: access_report_view(request, self.admin_site)),
            name="accounts_accesslog_access_report",
        )
        return [report, *super().get_urls()]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(NoAddMixin, admin.ModelAdmin):
    list_display = ["hostname", "seen_at"]


admin.site.site_header = _("BP3MI Migrant Worker Protection Portal")
admin.site.site_title = _("PMI Portal staff")
admin.site.index_title = _("Registers")
