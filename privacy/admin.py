"""Legal holds (scoped like every person-level register) and the record of processing activities."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import NoDeleteMixin
from accounts.admin_scoping import ScopedAdminMixin
from accounts.roles import Role
from accounts.scoping import user_roles
from privacy.models import LegalHold
from privacy.record import processing_record, processing_record_markdown
from privacy.services import legal_hold_lift, legal_hold_place

RECORD_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


class LegalHoldForm(forms.ModelForm):
    class Meta:
        model = LegalHold
        fields = ["worker", "complaint", "reason", "lift_reason"]


@admin.register(LegalHold)
class LegalHoldAdmin(ScopedAdminMixin, NoDeleteMixin, admin.ModelAdmin):
    """Placed with a reason, lifted with a reason, never deleted: the hold stays on record."""

    form = LegalHoldForm
    list_display = ["__str__", "worker", "complaint", "placed_by", "placed_at", "lifted_at"]
    list_select_related = ["worker", "complaint", "placed_by"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["worker", "complaint"]
    ordering = ["-placed_at", "-id"]
    search_fields = ["=worker__registration_number", "=complaint__ticket"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["worker", "complaint", "reason"]
        return [
            "worker",
            "complaint",
            "reason",
            "placed_by",
            "placed_at",
            "lifted_by",
            "lifted_at",
            "lift_reason",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        lifted = ["lift_reason"] if not obj.active else []
        return ["worker", "complaint", "reason", "placed_by", "placed_at", "lifted_by", "lifted_at", *lifted]

    def save_model(self, request, obj, form, change):
        if not change:
            placed = legal_hold_place(
                actor=request.user, reason=obj.reason, worker=obj.worker, complaint=obj.complaint
            )
            obj.pk = placed.pk
            return
        if form.cleaned_data.get("lift_reason") and obj.lifted_at is None:
            legal_hold_lift(
                hold=LegalHold.objects.get(pk=obj.pk),
                actor=request.user,
                reason=form.cleaned_data["lift_reason"],
            )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("processing-record/", wrap(self.record_view), name="privacy_processing_record"),
        ]
        return own + super().get_urls()

    def record_view(self, request):
        """The record of processing activities (UU 27/2022 art. 31): administrators and supervisors."""
        if not user_roles(request.user) & RECORD_ROLES:
            raise PermissionDenied
        if request.GET.get("format") == "md":
            response = HttpResponse(processing_record_markdown(), content_type="text/markdown; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="processing-record.md"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record of processing activities"),
            "rows": processing_record(),
        }
        return TemplateResponse(request, "admin/privacy/processing_record.html", context)
