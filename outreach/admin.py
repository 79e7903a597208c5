from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from outreach.models import OutreachEvent
from outreach.services import OUT_OF_SCOPE, outreach_event_save, village_in_user_scope


class OutreachEventForm(forms.ModelForm):
    user = None  # set per request by OutreachEventAdmin.get_form

    def clean_village(self):
        village = self.cleaned_data["village"]
        if village is not None and not village_in_user_scope(user=self.user, village_code=village.code):
            raise forms.ValidationError(OUT_OF_SCOPE, code="out_of_scope")
        return village


@admin.register(OutreachEvent)
class OutreachEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = OutreachEventForm
    list_display = ["event_date", "village", "topic", "organiser", "participants", "prospective_workers"]
    list_select_related = ["village"]
    list_filter = ["topic", regency_filter("village__code")]
    date_hierarchy = "event_date"
    search_fields = ["title", "organiser"]
    search_help_text = _("Search by title or organiser.")
    ordering = ["-event_date", "-id"]
    # Villages are searched, never listed: a select of every village in Indonesia would be 80,000 options.
    autocomplete_fields = ["village"]
    fields = ["village", "event_date", "topic", "title", "organiser", "partners", "participants_male",
              "participants_female", "prospective_workers", "materials", "notes", "office", "recorded_by",
              "created_at", "updated_at"]  # fmt: skip
    readonly_fields = ["office", "recorded_by", "created_at", "updated_at"]

    @admin.display(description=_("participants"))
    def participants(self, obj):
        return obj.participants

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        outreach_event_save(event=obj, user=request.user)
