"""The review queue: open flags by severity then age, each with its explanation, basis and evidence."""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, admin_error
from accounts.admin_scoping import ManyChoicesFilter, ScopedAdminMixin, regency_filter
from placements.evidence import evidence_rows
from placements.models import Agency, Flag, FlagReview, FlagStatus, ReferralTarget
from placements.models.flags import SEVERITY_ORDER
from placements.rules import RULES
from placements.services import flag_confirm, flag_dismiss, flag_refer
from portal.errors import ApplicationError


class QueueFilter(admin.SimpleListFilter):
    """Open flags by default: the queue is the work still to do."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("reviewed", _("Reviewed")), ("resolved", _("Resolved")), ("all", _("All"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Open"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset
        if value == "resolved":
            return queryset.filter(status=FlagStatus.RESOLVED)
        if value == "reviewed":
            return queryset.filter(status__in=[FlagStatus.CONFIRMED, FlagStatus.DISMISSED])
        return queryset.filter(status=FlagStatus.OPEN)


class RuleFilter(admin.SimpleListFilter):
    title = _("rule")
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return [(code, f"{code}: {rule.title}") for code, rule in RULES.items()]

    def queryset(self, request, queryset):
        return queryset.filter(rule=self.value()) if self.value() else queryset


class AgencyFilter(ManyChoicesFilter):
    """Choices from the agency register: a distinct list of the agencies of all open flags would read
    every open flag on every page of the queue."""

    title = _("agency")
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return list(Agency.objects.order_by("name", "id").values_list("id", "name"))

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(placement__agency_id=value) if value.isdigit() else queryset.none()


class ReviewForm(forms.Form):
    # Both optional here: the review services decide what a decision needs, so the admin, the API and a
    # command refuse the same things with the same message.
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # No preselected target: a referral to the police must be a choice the officer makes, not a default.
    referred_to = forms.ChoiceField(
        label=_("Refer to"), choices=[("", "---------"), *ReferralTarget.choices], required=False
    )


class FlagReviewInline(NoAddMixin, admin.TabularInline):
    model = FlagReview
    extra = 0
    fields: ClassVar[tuple[str, ...]] = ("at", "reviewer", "decision", "referred_to", "reason")
    readonly_fields = fields
    can_delete = False


@admin.register(Flag)
class FlagAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ["severity", "rule_title", "placement_ref", "village", "agency", "status", "first_seen_at"]
    list_select_related = ["placement__worker__domicile_village", "placement__agency"]
    list_filter = [
        QueueFilter,
        RuleFilter,
        "severity",
        regency_filter("placement__worker__domicile_village__code"),
        AgencyFilter,
    ]
    search_fields = ["=placement__external_id"]
    fields: ClassVar[tuple[str, ...]] = (
        "rule_title", "severity", "status", "explanation", "basis", "evidence_table", "placement_ref",
        "first_seen_at", "last_seen_at", "resolved_at", "referred_to", "rule_version",
    )  # fmt: skip
    readonly_fields = fields
    inlines = [FlagReviewInline]
    change_form_template = "admin/placements/flag/change_form.html"
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(severity_rank=SEVERITY_ORDER)
            .order_by("severity_rank", "first_seen_at", "id")
        )

    @admin.display(description=_("rule"))
    def rule_title(self, obj):
        rule = RULES.get(obj.rule)
        return f"{obj.rule}: {rule.title}" if rule else obj.rule

    @admin.display(description=_("what it means"))
    def explanation(self, obj):
        rule = RULES.get(obj.rule)
        return rule.explanation if rule else ""

    @admin.display(description=_("legal basis"))
    def basis(self, obj):
        rule = RULES.get(obj.rule)
        return rule.basis if rule else ""

    @admin.display(description=_("evidence"))
    def evidence_table(self, obj):
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", evidence_rows(obj))

    @admin.display(description=_("placement"))
    def placement_ref(self, obj):
        url = reverse("admin:placements_placement_change", args=[obj.placement_id])
        return format_html('<a href="{}">{}</a>', url, obj.placement.external_id)

    @admin.display(description=_("village"))
    def village(self, obj):
        return obj.placement.worker.domicile_village.name

    @admin.display(description=_("agency"))
    def agency(self, obj):
        return (
            obj.placement.agency.name
            if obj.placement.agency_id
            else obj.placement.agency_licence_number or "—"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "review_form": ReviewForm()}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [path("<int:pk>/review/<str:decision>/", wrap(self.review_view), name="placements_flag_review")]
        return own + super().get_urls()

    def review_view(self, request, pk, decision):
        flag = self.get_object(request, str(pk))
        if (
            flag is None
            or decision not in {"confirm", "dismiss", "refer"}
            or not self.has_change_permission(request, flag)
        ):
            raise Http404
        if flag.status == FlagStatus.RESOLVED and request.method != "POST":
            # Only a courtesy: the service refuses a resolved flag whatever path the decision takes.
            self.message_user(request, _("This flag is already resolved: its condition no longer holds, so "
                                         "it cannot be reviewed."), messages.WARNING)  # fmt: skip
            return redirect(reverse("admin:placements_flag_change", args=[flag.pk]))
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reason, target = form.cleaned_data["reason"], form.cleaned_data["referred_to"]
            try:
                if decision == "confirm":
                    flag_confirm(flag=flag, reviewer=request.user, reason=reason)
                elif decision == "dismiss":
                    flag_dismiss(flag=flag, reviewer=request.user, reason=reason)
                else:
                    flag_refer(flag=flag, reviewer=request.user, referred_to=target, reason=reason)
            except ApplicationError as error:
                if error.code == "flag_resolved":
                    self.message_user(request, error.message, messages.ERROR)
                    return redirect(reverse("admin:placements_flag_change", args=[flag.pk]))
                admin_error(self, request, error, form)
            else:
                self.message_user(request, _("Decision recorded."), messages.SUCCESS)
                return redirect(reverse("admin:placements_flag_changelist"))
        context = {**self.admin_site.each_context(request), "title": _("Review flag"), "flag": flag, "form": form,
                   "decision": decision, "opts": self.model._meta, "rule": RULES.get(flag.rule),
                   "evidence": evidence_rows(flag)}  # fmt: skip
        return TemplateResponse(request, "admin/placements/flag/review.html", context)
