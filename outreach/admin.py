from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from outreach.models import OutreachEvent, OutreachStatus
from outreach.services import OUT_OF_SCOPE, outreach_event_save, village_in_user_scope


class OutreachEventForm(forms.ModelForm):
    user = None  # set per request by OutreachEventAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form posted without a status (older clients, scripts) records an event held, as before.
        self.fields["status"].required = False

    def clean_status(self):
        return self.cleaned_data.get("status") or OutreachStatus.HELD

    def clean_village(self):
        village = self.cleaned_data["village"]
        if village is not None and not village_in_user_scope(user=self.user, village_code=village.code):
            raise forms.ValidationError(OUT_OF_SCOPE, code="out_of_scope")
        return village


@admin.register(OutreachEvent)
class OutreachEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = OutreachEventForm
    list_display = ["event_date", "village", "status", "topic", "organiser", "participants",
                    "prospective_workers"]  # fmt: skip
    list_select_related = ["village"]
    list_filter = ["status", "topic", regency_filter("village__code")]
    date_hierarchy = "event_date"
    search_fields = ["title", "organiser"]
    search_help_text = _("Search by title or organiser.")
    ordering = ["-event_date", "-id"]
    # Villages are searched, never listed: a select of every village in Indonesia would be 80,000 options.
    autocomplete_fields = ["village"]
    fields = ["village", "status", "event_date", "topic", "title", "organiser", "partners", "participants_male",
              "participants_female", "prospective_workers", "materials", "notes", "preferred_from",
              "preferred_until", "expected_participants", "requested_by", "requested_at", "office",
              "recorded_by", "created_at", "updated_at"]  # fmt: skip
    # What the village asked for stays as it asked; the officer records the session itself.
    readonly_fields = ["preferred_from", "preferred_until", "expected_participants", "requested_by",
                       "requested_at", "office", "recorded_by", "created_at", "updated_at"]  # fmt: skip

    @admin.display(description=_("participants"))
    def participants(self, obj):
        return obj.participants

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        outreach_event_save(event=obj, user=request.user)
