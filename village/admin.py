"""The BP3MI side of the village desk: the early-warning queue and the villages' acknowledgements, scoped
by region like every person-level register; and the village officers a supervisor creates."""

from django import forms
from django.contrib import admin
from django.contrib.auth import password_validation
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import person_read
from accounts.admin_mixins import NoAddMixin, NoDeleteMixin, ReadOnlyMixin, ServiceErrorsMixin
from accounts.admin_scoping import ScopedAdminMixin, regency_filter
from accounts.models import AccessAction
from accounts.scoping import person_scope
from village.admin_movements import MovementProposalAdmin  # noqa: F401 - registers the queue
from village.models import Acknowledgement, EarlyWarning, VillageOfficer
from village.services import early_warning_review, village_officer_create, village_officer_update


class EarlyWarningForm(forms.ModelForm):
    class Meta:
        model = EarlyWarning
        fields = ["status", "officer_note"]


@admin.register(EarlyWarning)
class EarlyWarningAdmin(ScopedAdminMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    """The officers' queue of early warnings from villages: filed on the desk, followed up here."""

    form = EarlyWarningForm
    list_display = [
        "created_at",
        "village",
        "kind",
        "recruiter_name",
        "recruiter_phone",
        "event_date",
        "status",
    ]
    list_select_related = ["village"]
    scoped_select_related = ("village", "worker", "destination_country", "reported_by")
    list_filter = ["status", "kind", regency_filter("village__code")]
    search_fields = ["recruiter_phone", "recruiter_name"]
    search_help_text = _("Search by recruiter name or phone.")
    ordering = ["-id"]
    fields = ["village", "kind", "worker", "person_name", "recruiter_name", "recruiter_phone",
              "destination_country", "event_date", "offered", "channel", "reported_by", "created_at",
              "status", "officer_note"]  # fmt: skip
    readonly_fields = ["village", "kind", "worker", "person_name", "recruiter_name", "recruiter_phone",
                       "destination_country", "event_date", "offered", "channel", "reported_by",
                       "created_at"]  # fmt: skip

    def save_model(self, request, obj, form, change):
        early_warning_review(warning=obj, officer=request.user, status=obj.status, note=obj.officer_note)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ScopedAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """What villages recorded: domicile verified, family permission acknowledged (the document's
    `acknowledged_village` is set from it)."""

    list_display = ["created_at", "worker", "village", "acknowledged_on", "signatory_name", "has_scan"]
    list_select_related = ["worker", "village"]
    scoped_select_related = ("worker", "village", "recorded_by")
    list_filter = [regency_filter("worker__domicile_village__code")]
    ordering = ["-id"]
    fields = ["worker", "village", "domicile_verified", "acknowledged_on", "signatory_name", "scan_link",
              "recorded_by", "created_at"]  # fmt: skip
    readonly_fields = ["scan_link"]

    @admin.display(description=_("scan"), boolean=True)
    def has_scan(self, obj):
        return bool(obj.scan)

    @admin.display(description=_("scan"))
    def scan_link(self, obj):
        if not obj.scan:
            return "–"
        url = reverse("admin:village_acknowledgement_scan", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the scan"))

    def get_urls(self):
        own = [
            path(
                "<int:pk>/scan/",
                self.admin_site.admin_view(self.scan_view),
                name="village_acknowledgement_scan",
            ),
        ]
        return own + super().get_urls()

    def scan_view(self, request, pk):
        """The scan of the letter, logged as a download of the person's record; 404 out of scope."""
        record = self.get_logged_object(request, str(pk), action=None)
        if record is None or not self.has_view_permission(request, record) or not record.scan:
            raise Http404
        person_read(request=request, obj=record, action=AccessAction.DOWNLOAD)
        extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            record.scan_content_type, "bin"
        )
        response = FileResponse(record.scan.open("rb"), as_attachment=True, content_type=record.scan_content_type,
                                filename=f"izin-keluarga-{record.pk}.{extension}")  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response


def _codes(value: str) -> list[str]:
    return [code for code in value.replace(",", " ").split() if code]


class VillageOfficerForm(forms.ModelForm):
    villages = forms.CharField(
        label=_("villages"),
        help_text=_("Village codes inside your office's regions, separated by commas, e.g. 18.07.01.2001."),
    )

    class Meta:
        model = VillageOfficer
        fields = ["username", "first_name", "email", "is_active"]
        labels = {"first_name": _("full name")}


class VillageOfficerAddForm(VillageOfficerForm):
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("password (again)"), widget=forms.PasswordInput, strip=False)

    class Meta(VillageOfficerForm.Meta):
        fields = ["username", "first_name", "email"]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


@admin.register(VillageOfficer)
class VillageOfficerAdmin(ServiceErrorsMixin, NoDeleteMixin, admin.ModelAdmin):
    """Village officers of the villages in the user's regions: a BP3MI admin or supervisor creates them for
    those villages only; they are deactivated, never deleted."""

    list_display = ["username", "first_name", "village_codes", "is_active", "last_login"]
    search_fields = ["username", "first_name"]
    ordering = ["username"]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        scope = person_scope(request.user)
        queryset = super().get_queryset(request).select_related("profile")
        if scope is None:
            return queryset.none()
        if scope.all_regions:
            return queryset
        mine = [
            pk
            for pk, codes in queryset.values_list("pk", "profile__region_codes")
            if codes and all(scope.covers(code) for code in codes)
        ]
        return queryset.filter(pk__in=mine)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An officer outside the user's regions looks absent, as in every scoped register: 404.
        raise Http404

    @admin.display(description=_("villages"))
    def village_codes(self, obj):
        profile = getattr(obj, "profile", None)
        return ", ".join(profile.region_codes) if profile else ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = VillageOfficerForm if obj is not None else VillageOfficerAddForm
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            profile = getattr(obj, "profile", None)
            form.base_fields["villages"].initial = ", ".join(profile.region_codes) if profile else ""
            form.base_fields["username"].disabled = True
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["username", "first_name", "email", "villages", "password1", "password2"]
        return ["username", "first_name", "email", "villages", "is_active", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            village_officer_update(
                editor=request.user, officer=obj, village_codes=_codes(data["villages"]),
                full_name=data.get("first_name", ""), email=data.get("email", ""),
                is_active=data.get("is_active", True),
            )  # fmt: skip
        else:
            created = village_officer_create(
                creator=request.user, username=data["username"], password=data["password1"],
                village_codes=_codes(data["villages"]), full_name=data.get("first_name", ""),
                email=data.get("email", ""),
            )  # fmt: skip
            obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass  # the services set the role and the villages
