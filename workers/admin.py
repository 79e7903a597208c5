import json

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ScopedAdminMixin
from accounts.models import AccessAction
from accounts.scoping import person_scope
from accounts.services import access_log_record
from portal.errors import ApplicationError
from regions.models import Regency
from workers.forms import RejectForm
from workers.models import ConsentEvent, Document, FamilyContact, Worker
from workers.nik import normalise_nik
from workers.selectors import worker_data_package, worker_search_by_nik
from workers.services import document_verify, worker_reject, worker_reveal_nik, worker_update, worker_verify


class RegencyFilter(admin.SimpleListFilter):
    title = _("regency / city")
    parameter_name = "regency"

    def lookups(self, request, model_admin):
        scope = person_scope(request.user)
        if scope is None:
            return []
        regencies = Regency.objects.order_by("code")
        if not scope.all_regions:
            regencies = regencies.filter(province_id__in={code[:2] for code in scope.codes})
        return [
            (r.code, r.name)
            for r in regencies
            if scope.covers(r.code) or any(c.startswith(r.code + ".") for c in scope.codes)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(domicile_village__code__startswith=self.value() + ".")
        return queryset


class FamilyContactInline(admin.TabularInline):
    model = FamilyContact
    extra = 0
    fields = ["full_name", "relation", "phone", "address"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = [
        "doc_type",
        "number_masked",
        "issuer",
        "issued_date",
        "expiry_date",
        "verification",
        "verified_by",
    ]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ConsentEventInline(admin.TabularInline):
    model = ConsentEvent
    extra = 0
    fields = ["at", "purpose", "granted", "notice_version", "notice_hash", "channel"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "registration_number",
        "full_name",
        "nik_masked",
        "domicile_village",
        "status",
        "phase",
        "possible_duplicate",
        "created_at",
    ]
    list_select_related = ["domicile_village"]
    list_filter = ["status", "phase", "possible_duplicate", RegencyFilter]
    search_fields = ["full_name"]
    search_help_text = _("Search by full NIK (exact), registration number, or name.")
    ordering = ["-id"]
    list_per_page = 50
    inlines = [FamilyContactInline, DocumentInline, ConsentEventInline]
    readonly_fields = [
        "registration_number",
        "nik_masked",
        "sex",
        "birth_date",
        "domicile_village",
        "status",
        "rejection_reason",
        "phase",
        "possible_duplicate",
        "channel",
        "verified_at",
        "verified_by",
        "created_at",
    ]
    fields = [
        "registration_number",
        "nik_masked",
        "full_name",
        "sex",
        "birth_date",
        "birth_place",
        "domicile_village",
        "address",
        "phone",
        "email",
        "education",
        "marital_status",
        "desired_country",
        "desired_position",
        "status",
        "rejection_reason",
        "phase",
        "possible_duplicate",
        "channel",
        "verified_at",
        "verified_by",
        "created_at",
    ]
    change_form_template = "admin/workers/worker/change_form.html"

    @admin.display(description=_("NIK"))
    def nik_masked(self, obj):
        return obj.nik_masked

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        compact = normalise_nik(term)
        if compact.isdigit() and len(compact) == 16:
            return worker_search_by_nik(queryset=queryset, nik=compact), False
        if term.upper().startswith("CPMI-"):
            return queryset.filter(registration_number=term.upper()), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False  # people register themselves, or arrive by import

    def has_delete_permission(self, request, obj=None):
        return False  # retention and erasure follow the privacy law, not a button

    def save_model(self, request, obj, form, change):
        worker_update(worker=obj, fields=form.changed_data)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            access_log_record(
                request=request, action=AccessAction.VIEW, subject_type="worker", subject_id=obj.pk
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        own = [
            path(
                "<int:pk>/verify/", self.admin_site.admin_view(self.verify_view), name="workers_worker_verify"
            ),
            path(
                "<int:pk>/reject/", self.admin_site.admin_view(self.reject_view), name="workers_worker_reject"
            ),
            path(
                "<int:pk>/reveal-nik/",
                self.admin_site.admin_view(self.reveal_view),
                name="workers_worker_reveal",
            ),
            path(
                "<int:pk>/export/", self.admin_site.admin_view(self.export_view), name="workers_worker_export"
            ),
        ]
        return own + super().get_urls()

    def _worker_or_404(self, request, pk):
        worker = self.get_object(request, str(pk))
        if worker is None or not self.has_change_permission(request, worker):
            raise Http404
        return worker

    def _back(self, worker):
        return redirect(reverse("admin:workers_worker_change", args=[worker.pk]))

    def verify_view(self, request, pk):
        worker = self._worker_or_404(request, pk)
        if request.method == "POST":
            try:
                worker_verify(worker=worker, officer=request.user)
                self.message_user(request, _("Registration verified."), messages.SUCCESS)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            return self._back(worker)
        return self._confirm(request, worker, _("Verify this registration?"), form=None, action="verify")

    def reject_view(self, request, pk):
        worker = self._worker_or_404(request, pk)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            worker_reject(worker=worker, officer=request.user, reason=form.cleaned_data["reason"])
            self.message_user(request, _("Registration rejected."), messages.WARNING)
            return self._back(worker)
        return self._confirm(request, worker, _("Reject this registration"), form=form, action="reject")

    def _confirm(self, request, worker, title, *, form, action):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "worker": worker,
            "form": form,
            "action": action,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/workers/worker/confirm.html", context)

    def reveal_view(self, request, pk):
        worker = self._worker_or_404(request, pk)
        if request.method != "POST":
            return self._confirm(request, worker, _("Show the full NIK?"), form=None, action="reveal")
        nik = worker_reveal_nik(worker=worker, request=request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Full NIK"),
            "worker": worker,
            "nik": nik,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/workers/worker/reveal.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def export_view(self, request, pk):
        worker = self._worker_or_404(request, pk)
        access_log_record(
            request=request, action=AccessAction.EXPORT, subject_type="worker", subject_id=worker.pk
        )
        body = json.dumps(worker_data_package(worker=worker), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="data-{worker.registration_number}.json"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["worker", "doc_type", "number_masked", "expiry_date", "verification", "verified_by"]
    list_select_related = ["worker", "verified_by"]
    scoped_select_related = ("worker",)
    list_filter = ["doc_type", "verification"]
    ordering = ["-id"]
    actions = ["mark_verified", "mark_rejected"]
    fields = [
        "worker",
        "doc_type",
        "number_masked",
        "issuer",
        "issued_date",
        "expiry_date",
        "acknowledged_village",
        "verification",
        "verification_note",
        "verified_by",
        "verified_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark selected documents as verified"))
    def mark_verified(self, request, queryset):
        for document in queryset:
            document_verify(document=document, officer=request.user, accepted=True)
        self.message_user(request, _("Documents verified."), messages.SUCCESS)

    @admin.action(description=_("Mark selected documents as rejected"))
    def mark_rejected(self, request, queryset):
        for document in queryset:
            document_verify(document=document, officer=request.user, accepted=False)
        self.message_user(request, _("Documents rejected."), messages.WARNING)
