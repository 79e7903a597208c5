"""The BP3MI side of the village desk: the early-warning queue and the villages' acknowledgements, scoped
by region like every person-level register; and the village officers a supervisor creates."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, ReadOnlyMixin
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from village.models import Acknowledgement, EarlyWarning
from village.services import early_warning_review


class EarlyWarningForm(forms.ModelForm):
    class Meta:
        model = EarlyWarning
        fields = ["status", "officer_note"]


@admin.register(EarlyWarning)
class EarlyWarningAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    """The officers' queue of early warnings from villages: filed on the desk, followed up here."""

    form = EarlyWarningForm
    list_display = [
        "created_at",
        "village",
        "kind",
        "recruiter_name",
        "recruiter_phone",
        "event_date",
        "status",
    ]
    list_select_related = ["village"]
    scoped_select_related = ("village", "worker", "destination_country", "reported_by")
    list_filter = ["status", "kind", regency_filter("village__code")]
    search_fields = ["recruiter_phone", "recruiter_name"]
    search_help_text = _("Search by recruiter name or phone.")
    ordering = ["-id"]
    fields = ["village", "kind", "worker", "person_name", "recruiter_name", "recruiter_phone",
              "destination_country", "event_date", "offered", "channel", "reported_by", "created_at",
              "status", "officer_note"]  # fmt: skip
    readonly_fields = ["village", "kind", "worker", "person_name", "recruiter_name", "recruiter_phone",
                       "destination_country", "event_date", "offered", "channel", "reported_by",
                       "created_at"]  # fmt: skip

    def save_model(self, request, obj, form, change):
        early_warning_review(warning=obj, officer=request.user, status=obj.status, note=obj.officer_note)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ScopedAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """What villages recorded: domicile verified, family permission acknowledged (the document's
    `acknowledged_village` is set from it)."""

    list_display = ["created_at", "worker", "village", "acknowledged_on", "signatory_name", "has_scan"]
    list_select_related = ["worker", "village"]
    scoped_select_related = ("worker", "village", "recorded_by")
    list_filter = [regency_filter("worker__domicile_village__code")]
    ordering = ["-id"]
    fields = ["worker", "village", "domicile_verified", "acknowledged_on", "signatory_name",
              "scan_content_type", "recorded_by", "created_at"]  # fmt: skip

    @admin.display(description=_("scan"), boolean=True)
    def has_scan(self, obj):
        return bool(obj.scan)
