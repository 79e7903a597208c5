import json
from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.access import person_list_read
from accounts.admin_history import ScopedHistoryAdminMixin
from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, ReadOnlyMixin, admin_error
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from accounts.models import AccessAction
from accounts.scoping import user_roles
from portal.errors import ApplicationError
from workers.forms import RejectForm
from workers.merge import MERGERS, worker_merge
from workers.models import ConsentEvent, Document, FamilyContact, Worker
from workers.nik import normalise_nik
from workers.selectors import worker_data_package, worker_search_index
from workers.services import (
    document_verify,
    worker_reject,
    worker_reveal_nik,
    worker_update,
    worker_verify,
)
from workers.warnings import worker_warning_labels, worker_warnings


class NikSearchForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=24)

    def clean_nik(self) -> str:
        nik = normalise_nik(self.cleaned_data["nik"])
        if not (nik.isdigit() and len(nik) == 16):
            raise forms.ValidationError(_("A NIK has exactly 16 digits."))
        return nik


class FamilyContactInline(admin.TabularInline):
    model = FamilyContact
    extra = 0
    fields = ["full_name", "relation", "phone", "address"]


class DocumentInline(NoAddMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields: ClassVar[tuple[str, ...]] = (
        "doc_type",
        "number_masked",
        "issuer",
        "issued_date",
        "expiry_date",
        "verification",
        "verified_by",
    )
    readonly_fields = fields
    show_change_link = True
    can_delete = False


class ConsentEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ConsentEvent
    extra = 0
    fields: ClassVar[tuple[str, ...]] = (
        "at",
        "purpose",
        "granted",
        "notice_version",
        "notice_hash",
        "channel",
    )
    readonly_fields = fields
    can_delete = False


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, ScopedHistoryAdminMixin):
    # No add: people register themselves, or arrive by import. No delete: retention and erasure follow
    # the privacy law, not a button.
    list_display = [
        "registration_number",
        "full_name",
        "nik_masked",
        "domicile_village",
        "status",
        "phase",
        "possible_duplicate",
        "officer_warnings",
        "created_at",
    ]
    list_select_related = ["domicile_village"]
    list_filter = [
        "status",
        "phase",
        "possible_duplicate",
        regency_filter("domicile_village__code"),
    ]
    search_fields = ["full_name"]
    search_help_text = _("Search by registration number or name. To find a NIK, use the NIK search above.")
    ordering = ["-id"]
    list_per_page = 50
    inlines = [FamilyContactInline, DocumentInline, ConsentEventInline]
    readonly_fields = [
        "officer_notes",
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
        "officer_notes",
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
    change_list_template = "admin/workers/worker/change_list.html"
    actions = ["merge_duplicates"]

    def has_merge_permission(self, request) -> bool:
        return bool(user_roles(request.user) & MERGERS)

    @admin.action(description=_("Merge two duplicate registrations"), permissions=["merge"])
    def merge_duplicates(self, request, queryset):
        """Two selected registrations of one person: the supervisor picks the number to keep."""
        pair = list(queryset.order_by("id")[:3])
        if len(pair) != 2:
            self.message_user(request, _("Select exactly two registrations to merge."), messages.ERROR)
            return None
        chosen = request.POST.get("survivor", "")
        if request.POST.get("confirm") == "yes" and chosen in {str(w.pk) for w in pair}:
            survivor, absorbed = pair if str(pair[0].pk) == chosen else pair[::-1]
            try:
                worker_merge(survivor=survivor, absorbed=absorbed, by=request.user, request=request)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
                return None
            self.message_user(
                request,
                _("Registration %(old)s merged into %(new)s.")
                % {"old": absorbed.registration_number, "new": survivor.registration_number},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:workers_worker_change", args=[survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two registrations"),
            "workers": pair,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/workers/worker/merge.html", context)

    @admin.display(description=_("NIK"))
    def nik_masked(self, obj):
        return obj.nik_masked

    @admin.display(description=_("Notes for the officer"))
    def officer_notes(self, obj):
        notes = worker_warnings(obj)
        if not notes:
            return "—"
        return format_html(
            '<ul class="officer-warnings">{}</ul>', format_html_join("", "<li>{}</li>", ((n,) for n in notes))
        )

    @admin.display(description=_("Warnings"))
    def officer_warnings(self, obj):
        return format_html_join(
            ", ", '<strong class="officer-warning">{}</strong>', ((w,) for w in worker_warning_labels(obj))
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        compact = normalise_nik(term)
        if compact.isdigit() and len(compact) >= 12:
            # A NIK typed in the address-bar search is not searched: it must never travel in a URL.
            return queryset.none(), False
        if term.upper().startswith("CPMI-"):
            return queryset.filter(registration_number=term.upper()), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        worker_update(worker=obj, fields=form.changed_data)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("<int:pk>/verify/", wrap(self.verify_view), name="workers_worker_verify"),
            path("<int:pk>/reject/", wrap(self.reject_view), name="workers_worker_reject"),
            path("<int:pk>/reveal-nik/", wrap(self.reveal_view), name="workers_worker_reveal"),
            path("<int:pk>/export/", wrap(self.export_view), name="workers_worker_export"),
            path("nik-search/", wrap(self.nik_search_view), name="workers_worker_nik_search"),
        ]
        return own + super().get_urls()

    @method_decorator(require_POST)
    def nik_search_view(self, request):
        """Exact NIK search through the blind index. The NIK arrives in a POST body and the answer is the page
        of results itself: no address carries the NIK, or a token standing for it, to be shared or replayed."""
        form = NikSearchForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(form.errors["nik"]), messages.ERROR)
            return redirect(reverse("admin:workers_worker_changelist"))
        found = list(
            self.get_queryset(request)
            .filter(nik_index=worker_search_index(nik=form.cleaned_data["nik"]))
            .select_related("domicile_village")[:20]
        )
        person_list_read(request=request, model=Worker, rows=len(found), search="nik")
        context = {
            **self.admin_site.each_context(request),
            "title": _("NIK search"),
            "opts": self.model._meta,
            "workers": found,
        }
        return TemplateResponse(request, "admin/workers/worker/nik_results.html", context)

    def _worker_or_404(self, request, pk, action=AccessAction.VIEW):
        worker = self.get_logged_object(request, str(pk), action=action)
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
                admin_error(self, request, error)
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
        worker = self._worker_or_404(request, pk, action=AccessAction.EXPORT)
        body = json.dumps(worker_data_package(worker=worker), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="data-{worker.registration_number}.json"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, ScopedHistoryAdminMixin):
    list_display = ["worker", "doc_type", "number_masked", "expiry_date", "verification", "verified_by"]
    list_select_related = ["worker", "verified_by"]
    scoped_select_related = ("worker",)
    list_filter = ["doc_type", "verification"]
    ordering = ["-id"]
    actions = ["mark_verified", "mark_rejected"]
    fields: ClassVar[tuple[str, ...]] = (
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
    )
    readonly_fields = fields

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
