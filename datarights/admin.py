"""The officer's queue of data-rights requests: scoped, due in 3×24 hours, one form per decision."""

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, admin_error
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from accounts.models import AccessAction
from complaints.selectors import complaint_get
from datarights import services
from datarights.choices import RequestKind, RequestStatus
from datarights.forms import AnswerForm, ConfirmForm, CorrectionForm, ReasonForm
from datarights.models import DataRequest
from datarights.selectors import data_requests_with_overdue, overdue_condition
from portal.errors import ApplicationError
from workers.models import Worker
from workers.selectors import worker_get
from workers.services import EDITABLE_FIELDS


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("due", _("Waiting for a decision")), ("overdue", _("Overdue")), ("decided", _("Decided"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(status=RequestStatus.RECEIVED)
        if self.value() == "overdue":
            return queryset.filter(overdue_condition())
        if self.value() == "decided":
            return queryset.exclude(status=RequestStatus.RECEIVED)
        return queryset


# The decision that answers each kind of request; any request may be refused with a reason.
ANSWERS = {
    RequestKind.ACCESS: ("fulfil", _("Build the data package")),
    RequestKind.CORRECTION: ("correct", _("Apply the correction")),
    RequestKind.WITHDRAWAL: ("withdraw", _("Record the withdrawal")),
    RequestKind.ERASURE: ("erase", _("Erase (anonymise)")),
    RequestKind.OBJECTION: ("uphold", _("Uphold the objection")),
}
REFUSE = ("refuse", _("Refuse with a reason"))


def request_actions(data_request: DataRequest) -> list[tuple[str, Any]]:
    if data_request.status != RequestStatus.RECEIVED:
        return []
    answer = [ANSWERS[RequestKind(data_request.kind)]] if data_request.identity_matched else []
    return [*answer, REFUSE]


@admin.register(DataRequest)
class DataRequestAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "identity_matched",
        "status",
        "village",
        "received_at",
        "due_at",
        "overdue",
    ]
    list_select_related = ["village"]
    list_filter = [QueueFilter, "kind", "status", "identity_matched", regency_filter("village__code")]
    search_fields = ["=number", "=claimed_reference"]
    ordering = ["due_at", "id"]
    fields: ClassVar[tuple[str, ...]] = (
        "number", "kind", "status", "identified_by", "identity_matched", "claimed_reference", "worker", "complaint",
        "village", "office", "purpose", "what_is_wrong", "what_is_right", "details", "contact_phone", "channel",
        "received_at", "due_at", "overdue", "decided_at", "decided_by", "outcome", "outcome_text",
        "package_downloaded_at",
    )  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/datarights/datarequest/change_form.html"

    def get_queryset(self, request):
        return data_requests_with_overdue(super().get_queryset(request))

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(boolean=True, description=_("overdue"), ordering="is_overdue")
    def overdue(self, obj):
        return obj.is_overdue

    def change_view(self, request, object_id, form_url="", extra_context=None):
        data_request = self.get_object(request, object_id)
        actions = request_actions(data_request) if data_request is not None else []
        may_act = request.user.has_perm("datarights.change_datarequest")
        extra_context = {**(extra_context or {}), "request_actions": actions if may_act else []}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [path("<int:pk>/act/<str:action>/", wrap(self.action_view), name="datarights_datarequest_act")]
        return own + super().get_urls()

    def action_view(self, request, pk, action):
        data_request = self.get_logged_object(request, str(pk))
        if data_request is None or not request.user.has_perm("datarights.change_datarequest"):
            raise Http404
        change_page = reverse("admin:datarights_datarequest_change", args=[data_request.pk])
        if action not in dict(request_actions(data_request)):
            # Decided already, or not an answer to this request: back to the request, saying so.
            message = _("This action does not answer this request, or the request has been decided.")
            self.message_user(request, message, messages.WARNING)
            return redirect(change_page)
        form = self._form(action, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                self._act(action, request, data_request, form.cleaned_data)
            except ApplicationError as error:
                admin_error(self, request, error, form)
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return redirect(change_page)
        context = {**self.admin_site.each_context(request), "title": dict(request_actions(data_request))[action],
                   "data_request": data_request, "form": form, "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/datarights/datarequest/action.html", context)

    def _form(self, action, data):
        if action == "correct":
            fields = sorted(
                (name, str(Worker._meta.get_field(name).verbose_name)) for name in EDITABLE_FIELDS
            )
            return CorrectionForm(data, fields=fields)
        if action == "refuse":
            return ReasonForm(data)
        if action == "uphold":
            return AnswerForm(data)
        return ConfirmForm(data)

    def _act(self, action, request, data_request, data):
        officer = request.user
        if action == "refuse":
            services.data_request_refuse(data_request=data_request, officer=officer, reason=data["reason"])
        elif action == "uphold":
            services.data_request_object(data_request=data_request, officer=officer, answer=data["answer"])
        elif action == "fulfil":
            # The package reads the person's record: through the logged getter, as an export.
            if data_request.worker_id:
                worker_get(request=request, pk=data_request.worker_id, action=AccessAction.EXPORT)
            if data_request.complaint_id:
                complaint_get(request=request, pk=data_request.complaint_id, action=AccessAction.EXPORT)
            services.data_request_fulfil_access(data_request=data_request, officer=officer)
        elif action == "correct":
            worker_get(request=request, pk=data_request.worker_id)
            services.data_request_correct(data_request=data_request, officer=officer, field=data["field"],
                                          value=data["value"], note=data["note"])  # fmt: skip
        elif action == "withdraw":
            worker = worker_get(request=request, pk=data_request.worker_id)
            services.data_request_withdraw(data_request=data_request, officer=officer, worker=worker)
        elif action == "erase":
            worker = worker_get(request=request, pk=data_request.worker_id)
            services.data_request_erase(data_request=data_request, officer=officer, worker=worker)
