"""Officer case management: queues, the complaint page with its timeline, and one form per action."""

from typing import ClassVar

from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import person_read
from accounts.admin_history import ScopedHistoryAdminMixin
from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, ReadOnlyMixin, admin_error
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from accounts.models import AccessAction
from complaints.choices import OPEN_STATUSES, Status
from complaints.forms import (
    NoteForm,
    PriorityForm,
    ReferForm,
    ReferralUpdateForm,
    TransitionForm,
    VersionForm,
)
from complaints.models import Attachment, Complaint, ComplaintEvent, Referral
from complaints.permissions import complaint_actions
from complaints.selectors import complaints_overdue, complaints_with_overdue
from complaints.services import (
    complaint_assign,
    complaint_note,
    complaint_refer,
    complaint_set_priority,
    complaint_transition,
    referral_update,
)
from portal.errors import ApplicationError


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Assigned to me")),
            ("unassigned", _("Unassigned")),
            ("overdue", _("Overdue")),
            ("closed", _("Closed or rejected")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(assignee=request.user, status__in=OPEN_STATUSES)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
        if value == "overdue":
            return complaints_overdue(queryset)
        if value == "closed":
            return queryset.filter(status__in=[Status.CLOSED, Status.REJECTED])
        return queryset


class EventInline(NoAddMixin, admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    fields: ClassVar[tuple[str, ...]] = ("at", "kind", "status_to", "public", "text", "actor")
    readonly_fields = fields
    can_delete = False
    ordering = ["at", "id"]


class ReferralInline(ReadOnlyMixin, admin.TabularInline):
    """Read-only: a referral is made with the "Refer" action and changed with its "Update" link, both
    through services that write the timeline and bump the complaint's version."""

    model = Referral
    extra = 0
    fields: ClassVar[tuple[str, ...]] = (
        "target", "target_name", "status", "note", "created_by", "created_at", "update_link",
    )  # fmt: skip
    readonly_fields = fields
    can_delete = False

    @admin.display(description="")
    def update_link(self, obj):
        url = reverse("admin:complaints_complaint_referral", args=[obj.complaint_id, obj.pk])
        return format_html('<a href="{}" class="referral-update">{}</a>', url, _("Update"))


class AttachmentInline(NoAddMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields: ClassVar[tuple[str, ...]] = ("download", "content_type", "size", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:complaints_complaint_attachment", args=[obj.complaint_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


# Buttons say what they do, not the status they lead to ("Verifikasi", not "Terverifikasi").
ACTIONS = {
    "assign": _("Assign to me"),
    "note": _("Add a note"),
    "refer": _("Refer to …"),
    "priority": _("Change priority"),
    Status.VERIFIED.lower(): _("Verify"),
    Status.IN_PROGRESS.lower(): _("Start handling"),
    Status.REJECTED.lower(): _("Reject"),
    Status.RESOLVED.lower(): _("Resolve"),
    Status.CLOSED.lower(): _("Close"),
}
REOPEN = _("Reopen")  # back to "in progress" from a resolved, closed or rejected case


def _label(action: str, complaint: Complaint):
    reopening = action == "in_progress" and complaint.status in (
        Status.RESOLVED,
        Status.CLOSED,
        Status.REJECTED,
    )
    return REOPEN if reopening else ACTIONS[action]


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, ScopedHistoryAdminMixin):
    # Complaints arrive through the public form or the API.
    list_display = ["ticket", "category", "priority", "status", "village", "assignee", "due_at", "overdue"]
    list_select_related = ["village", "assignee"]
    list_filter = [QueueFilter, "status", "category", "priority", regency_filter("village__code")]
    search_fields = ["=ticket"]
    ordering = ["due_at", "id"]
    inlines = [EventInline, ReferralInline, AttachmentInline]
    fields: ClassVar[tuple[str, ...]] = (
        "ticket", "status", "category", "priority", "phase", "description", "village", "office",
        "destination_country", "agency", "agency_licence_number", "recruiter_phone", "anonymous",
        "reporter_relation", "reporter_name", "reporter_phone", "assignee", "due_at", "overdue", "overdue_since",
        "outcome", "wages_recovered_idr", "rejection_reason", "created_at", "closed_at",
    )  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/complaints/complaint/change_form.html"

    def get_queryset(self, request):
        return complaints_with_overdue(super().get_queryset(request))

    @admin.display(boolean=True, description=_("overdue"), ordering="is_overdue")
    def overdue(self, obj):
        return obj.is_overdue

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        actions = []
        if complaint is not None:
            actions = [
                (key, _label(key, complaint))
                for key in complaint_actions(user=request.user, complaint=complaint)
            ]
        extra_context = {**(extra_context or {}), "complaint_actions": actions}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("<int:pk>/act/<str:action>/", wrap(self.action_view), name="complaints_complaint_act"),
            path("<int:pk>/referral/<int:referral_id>/", wrap(self.referral_view),
                 name="complaints_complaint_referral"),
            path("<int:pk>/attachment/<int:attachment_id>/", wrap(self.attachment_view),
                 name="complaints_complaint_attachment"),
        ]  # fmt: skip
        return own + super().get_urls()

    def _complaint_or_404(self, request, pk, action=AccessAction.VIEW, detail=None):
        complaint = self.get_logged_object(request, str(pk), action=action, detail=detail)
        if complaint is None or not self.has_view_permission(request, complaint):
            raise Http404
        return complaint

    def attachment_view(self, request, pk, attachment_id):
        complaint = self._complaint_or_404(request, pk, action=None)
        try:
            attachment = complaint.attachments.get(pk=attachment_id)
        except Attachment.DoesNotExist as exc:
            raise Http404 from exc
        person_read(
            request=request, obj=complaint, action=AccessAction.DOWNLOAD, detail={"attachment": attachment.pk}
        )
        response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                                content_type=attachment.content_type)  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response

    def action_view(self, request, pk, action):
        complaint = self._complaint_or_404(request, pk)
        if action not in ACTIONS:
            raise Http404
        form = self._form(action, complaint, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                self._act(action, complaint, request.user, form.cleaned_data)
            except ApplicationError as error:
                if error.code == "conflict":  # someone else acted first: back to the page as it is now
                    admin_error(self, request, error)
                    return redirect(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
                admin_error(self, request, error, form)
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return redirect(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
        context = {**self.admin_site.each_context(request), "title": _label(action, complaint), "complaint": complaint,
                   "form": form, "opts": self.model._meta, "action": action}  # fmt: skip
        return TemplateResponse(request, "admin/complaints/complaint/action.html", context)

    def referral_view(self, request, pk, referral_id):
        complaint = self._complaint_or_404(request, pk)
        if not self.has_change_permission(request, complaint):
            raise Http404
        try:
            referral = complaint.referrals.get(pk=referral_id)
        except Referral.DoesNotExist as exc:
            raise Http404 from exc
        initial = {"version": complaint.version, "status": referral.status, "note": referral.note}
        form = ReferralUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                referral_update(referral=referral, actor=request.user, expected_version=data["version"],
                                status=data["status"], note=data["note"])  # fmt: skip
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
                if error.code == "conflict":
                    return redirect(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return redirect(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
        title = f"{_('Update referral')}: {referral.get_target_display()} {referral.target_name}".strip()
        context = {**self.admin_site.each_context(request), "title": title, "complaint": complaint,
                   "form": form, "opts": self.model._meta, "action": "referral"}  # fmt: skip
        return TemplateResponse(request, "admin/complaints/complaint/action.html", context)

    def _form(self, action, complaint, data):
        initial = {"version": complaint.version}
        if action == "assign":
            return VersionForm(data, initial=initial)
        if action == "note":
            return NoteForm(data)
        if action == "refer":
            return ReferForm(data, initial=initial)
        if action == "priority":
            return PriorityForm(data, initial={**initial, "priority": complaint.priority})
        return TransitionForm(data, initial={**initial, "to": action.upper()}, to=action.upper())

    def _act(self, action, complaint, user, data):
        version = data.get("version") or complaint.version  # the version the officer saw, for conflicts
        if action == "assign":
            complaint_assign(complaint=complaint, assignee=user, actor=user, expected_version=version)
        elif action == "note":
            complaint_note(complaint=complaint, actor=user, text=data["text"], public=data["public"])
        elif action == "refer":
            complaint_refer(complaint=complaint, actor=user, expected_version=version, target=data["target"],
                            target_name=data["target_name"], note=data["note"])  # fmt: skip
        elif action == "priority":
            complaint_set_priority(
                complaint=complaint, actor=user, priority=data["priority"], expected_version=version
            )
        else:
            complaint_transition(
                complaint=complaint, to=action.upper(), actor=user, expected_version=version,
                public_note=data.get("public_note", ""), internal_note=data.get("internal_note", ""),
                reason=data.get("reason", ""), outcome=data.get("outcome", ""),
                wages_recovered_idr=data.get("wages_recovered_idr"),
            )  # fmt: skip
