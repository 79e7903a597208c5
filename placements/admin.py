from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

import placements.admin_flags  # noqa: F401 - registers the flag review queue
from accounts.admin_history import ScopedHistoryAdminMixin
from accounts.admin_mixins import AppendOnlyMixin, NoAddMixin, NoDeleteMixin, admin_error
from accounts.admin_scoping import ScopedAdminMixin
from accounts.scoping import person_scope
from placements.admin_forms import ImportForm, PhaseForm
from placements.imports import placements_import, placements_template
from placements.models import (
    Agency,
    AgencyLicence,
    Country,
    CountryPolicy,
    FeeItem,
    JobOrder,
    Placement,
    Position,
    ReturnRecord,
)
from placements.selectors import agencies_with_history, agency_licence_on, job_orders_with_usage
from placements.services import (
    agency_licence_record,
    agency_save,
    country_policy_save,
    job_order_save,
    placement_record_arrival,
    placement_record_departure,
    placement_record_return,
    placement_save,
    position_save,
)
from portal.errors import ApplicationError
from portal.exchange import report_lines
from workers.imports import documents_import, documents_template


class AgencyLicenceInline(AppendOnlyMixin, admin.TabularInline):
    """History is appended, never rewritten: existing events are read-only."""

    model = AgencyLicence
    extra = 1
    fields = ["event", "effective_date", "valid_until", "basis", "note"]
    can_delete = False


@admin.register(Agency)
class AgencyAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "licence_number", "licence_today", "phone"]
    search_fields = ["name", "=licence_number"]
    ordering = ["name", "id"]
    inlines = [AgencyLicenceInline]

    @admin.display(description=_("licence today"))
    def licence_today(self, obj):
        return agency_licence_on(agency=obj).status.label

    def get_queryset(self, request):
        return agencies_with_history(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        agency_save(agency=obj)

    def save_formset(self, request, form, formset, change):
        for licence in formset.save(commit=False):
            agency_licence_record(
                agency=form.instance,
                event=licence.event,
                effective_date=licence.effective_date,
                valid_until=licence.valid_until,
                basis=licence.basis,
                note=licence.note,
            )


@admin.register(JobOrder)
class JobOrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "agency",
        "country",
        "position",
        "quota",
        "quota_used",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["country", "position"]
    search_fields = ["=number", "agency__name"]
    autocomplete_fields = ["agency"]
    ordering = ["-valid_until", "id"]
    show_full_result_count = False

    def get_queryset(self, request):
        return job_orders_with_usage(super().get_queryset(request))

    @admin.display(description=_("quota used"), ordering="quota_used")
    def quota_used(self, obj):
        return obj.quota_used

    def save_model(self, request, obj, form, change):
        job_order_save(job_order=obj)


@admin.register(CountryPolicy)
class CountryPolicyAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Policy rows are history: end one with `valid until` and add its successor; never delete."""

    list_display = [
        "country",
        "status",
        "position_category",
        "employer_type",
        "valid_from",
        "valid_until",
        "legal_basis",
        "source",
    ]
    list_filter = ["status", "position_category", "employer_type"]
    search_fields = ["country__name", "=country__code"]
    autocomplete_fields = ["country", "designated_agencies"]
    filter_horizontal = ["positions"]
    ordering = ["country", "valid_from", "id"]

    def save_model(self, request, obj, form, change):
        country_policy_save(policy=obj)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "display_name"]
    search_fields = ["code", "name"]
    ordering = ["name"]

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj):
        return obj.localized_name


@admin.register(Position)
class PositionAdmin(NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    # The codes are fixed by the exchange format.
    list_display = ["code", "is_domestic", "is_zero_cost", "zero_cost_from", "zero_cost_until", "legal_basis"]
    ordering = ["code"]

    def save_model(self, request, obj, form, change):
        position_save(position=obj)


class FeeItemInline(admin.TabularInline):
    model = FeeItem
    extra = 0


class ReturnRecordInline(NoAddMixin, admin.StackedInline):
    model = ReturnRecord
    extra = 0
    readonly_fields = ["return_date", "reason", "recorded_by"]
    fields = ["return_date", "reason", "reintegration_services", "recorded_by"]
    can_delete = False


@admin.register(Placement)
class PlacementAdmin(ScopedAdminMixin, NoDeleteMixin, ScopedHistoryAdminMixin):
    list_display = [
        "external_id",
        "worker",
        "scheme",
        "agency",
        "destination_country",
        "position",
        "departure_date",
        "phase",
    ]
    list_select_related = ["worker", "agency", "destination_country", "position"]
    list_filter = ["phase", "scheme", "destination_country"]
    search_fields = [
        "=external_id",
        "=worker__registration_number",
        "=agency_licence_number",
        "=job_order_number",
    ]
    ordering = ["-id"]
    raw_id_fields = ["worker", "agency", "job_order"]
    readonly_fields = ["phase", "source", "created_at", "updated_at"]
    inlines = [FeeItemInline, ReturnRecordInline]
    change_form_template = "admin/placements/placement/change_form.html"
    change_list_template = "admin/placements/placement/change_list.html"

    def save_model(self, request, obj, form, change):
        placement_save(placement=obj, user=request.user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("import/", wrap(self.import_view), name="placements_placement_import"),
            path(
                "import/template/<str:kind>/",
                wrap(self.import_template_view),
                name="placements_placement_import_template",
            ),
            path("<int:pk>/phase/<str:step>/", wrap(self.phase_view), name="placements_placement_phase"),
        ]
        return own + super().get_urls()

    def phase_view(self, request, pk, step):
        placement = self.get_object(request, str(pk))
        if (
            placement is None
            or step not in PhaseForm.STEPS
            or not self.has_change_permission(request, placement)
        ):
            raise Http404
        form = PhaseForm(step, request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if step == "departure":
                    placement_record_departure(placement=placement, departure_date=data["date"])
                elif step == "arrival":
                    placement_record_arrival(placement=placement, arrival_date=data["date"])
                else:
                    placement_record_return(
                        placement=placement,
                        return_date=data["date"],
                        reason=data["reason"],
                        reintegration_services=data["reintegration_services"],
                        officer=request.user,
                    )
            except ApplicationError as error:
                admin_error(self, request, error)
            else:
                self.message_user(request, _("Recorded."), messages.SUCCESS)
                return redirect(reverse("admin:placements_placement_change", args=[placement.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": PhaseForm.STEPS[step],
            "form": form,
            "placement": placement,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/placements/placement/phase.html", context)

    def import_view(self, request):
        if not request.user.has_perm("placements.add_placement"):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        lines = None
        if request.method == "POST" and form.is_valid():
            handle = form.text_handle()
            scope = person_scope(request.user)  # an officer imports only people of her own regions
            dry_run = form.cleaned_data["dry_run"]
            if form.cleaned_data["kind"] == "placements":
                report = placements_import(
                    handle=handle,
                    source=form.cleaned_data["source"] or "upload",
                    scope=scope,
                    dry_run=dry_run,
                )
            else:
                report = documents_import(handle=handle, scope=scope, dry_run=dry_run)
            lines = report_lines(report)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import CSV"),
            "form": form,
            "lines": lines,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/placements/placement/import.html", context)

    def import_template_view(self, request, kind):
        if not request.user.has_perm("placements.add_placement"):
            raise PermissionDenied
        templates = {"placements": placements_template, "documents": documents_template}
        if kind not in templates:
            raise Http404
        # With a byte order mark, so that spreadsheet programs read it as UTF-8.
        response = HttpResponse("\ufeff" + templates[kind](), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
        return response
