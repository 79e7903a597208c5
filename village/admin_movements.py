"""BP3MI's queue of departures and returns reported by villages: each is confirmed (the placements
services record it) or rejected with a reason, on its own page; nothing is changed by editing a row."""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, admin_error
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from placements.choices import ReturnReason
from portal.errors import ApplicationError
from village.models import MovementKind, MovementProposal, ProposalStatus
from village.movement_services import movement_proposal_confirm, movement_proposal_reject


class DecisionForm(forms.Form):
    # Optional here: the services decide what a decision needs (a reason to reject), so every path
    # refuses the same things with the same message.
    return_reason = forms.ChoiceField(
        label=_("Return reason"),
        choices=[("", _("From the condition reported")), *ReturnReason.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


@admin.register(MovementProposal)
class MovementProposalAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ["reported_at", "kind", "placement_ref", "village", "event_date", "detail", "status"]
    list_select_related = ["placement__worker__domicile_village", "destination_country"]
    list_filter = ["status", "kind", regency_filter("placement__worker__domicile_village__code")]
    search_fields = ["=placement__external_id"]
    fields: ClassVar[tuple[str, ...]] = (
        "kind", "placement_ref", "village", "event_date", "destination_country", "condition", "note", "status",
        "reported_by", "reported_at", "decided_by", "decided_at", "decision_reason",
    )  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/village/movementproposal/change_form.html"
    ordering = ["-reported_at", "-id"]

    @admin.display(description=_("placement"))
    def placement_ref(self, obj):
        url = reverse("admin:placements_placement_change", args=[obj.placement_id])
        return format_html('<a href="{}">{}</a>', url, obj.placement.external_id)

    @admin.display(description=_("village"))
    def village(self, obj):
        return obj.placement.worker.domicile_village.name

    @admin.display(description=_("destination or condition"))
    def detail(self, obj):
        if obj.kind == MovementKind.DEPARTURE:
            return obj.destination_country.localized_name if obj.destination_country_id else "—"
        return obj.get_condition_display()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [path("<int:pk>/decide/", wrap(self.decide_view), name="village_movementproposal_decide")]
        return own + super().get_urls()

    def decide_view(self, request, pk):
        proposal = self.get_object(request, str(pk))
        if proposal is None or not self.has_change_permission(request, proposal):
            raise Http404
        change_url = reverse("admin:village_movementproposal_change", args=[proposal.pk])
        if proposal.status != ProposalStatus.PENDING:
            self.message_user(request, _("This report has already been decided."), messages.WARNING)
            return redirect(change_url)
        form = DecisionForm(request.POST or None)
        decision = request.POST.get("decision")
        if request.method == "POST" and form.is_valid() and decision in {"confirm", "reject"}:
            data = form.cleaned_data
            try:
                if decision == "confirm":
                    movement_proposal_confirm(
                        proposal=proposal, officer=request.user, return_reason=data["return_reason"],
                        note=data["reason"],
                    )  # fmt: skip
                else:
                    movement_proposal_reject(proposal=proposal, officer=request.user, reason=data["reason"])
            except ApplicationError as error:
                admin_error(self, request, error, form)
            else:
                self.message_user(request, _("Decision recorded."), messages.SUCCESS)
                return redirect(reverse("admin:village_movementproposal_changelist"))
        context = {**self.admin_site.each_context(request), "title": _("Decide on a village report"),
                   "proposal": proposal, "form": form, "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/village/movementproposal/decide.html", context)
