import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Office
from accounts.scoping import ScopedQuerySet, person_scope, region_q
from complaints.choices import (
    Category,
    EventKind,
    Outcome,
    Priority,
    ReferralStatus,
    ReferralTarget,
    ReporterRelation,
    Status,
)
from placements.models import Agency, Country, Placement
from portal.identifiers import PhoneField, public_code
from regions.models import Village
from workers.choices import Phase
from workers.models import Worker


def new_ticket() -> str:
    """`ADU-` and 10 random characters: about 50 bits, so tickets cannot be guessed or enumerated."""
    return public_code(10, prefix="ADU-", group=5)


def new_access_code() -> str:
    return public_code(8)


class ComplaintQuerySet(ScopedQuerySet):
    region_field = "village__code"

    def visible_to(self, user) -> Self:
        """By the worker's or reporter's village; complaints with no village go to the office that received them."""
        scope = person_scope(user)
        if scope is None:
            return self.none()
        if scope.all_regions:
            return self
        office_id = getattr(getattr(user, "profile", None), "office_id", None)
        own_office = Q(village__isnull=True, office_id=office_id) if office_id else Q(pk__in=[])
        return self.filter(region_q(self.region_field, scope.codes) | own_office)


class Complaint(models.Model):
    ticket = models.CharField(_("ticket"), max_length=16, unique=True)
    access_code_hash = models.CharField(max_length=128)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    phase = models.CharField(_("phase"), max_length=5, choices=Phase.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    priority = models.CharField(_("priority"), max_length=6, choices=Priority.choices)
    priority_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_relation = models.CharField(
        _("reporter"), max_length=6, choices=ReporterRelation.choices, blank=True
    )
    reporter_name = models.CharField(_("reporter name"), max_length=150, blank=True)
    reporter_phone = PhoneField(_("reporter phone"), max_length=20, blank=True)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
        verbose_name=_("receiving office"),
    )  # fmt: skip
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    agency_licence_number = models.CharField(_("agency licence number"), max_length=60, blank=True)
    recruiter_phone = PhoneField(_("recruiter's phone"), max_length=30, blank=True)
    destination_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country")
    )
    description = models.TextField(_("what happened"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_complaints",
        verbose_name=_("assignee"),
    )  # fmt: skip
    due_at = models.DateTimeField(_("due"))
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=18, choices=Outcome.choices, blank=True)
    wages_recovered_idr = models.PositiveBigIntegerField(_("wages recovered (IDR)"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Every write bumps the version; a write that expected an older one loses (two officers at once).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()
    # The access code's hash stays out of the change history.
    history = HistoricalRecords(excluded_fields=["access_code_hash"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            models.Index(fields=["assignee", "status"], name="complaint_assignee"),
            models.Index(
                fields=["village"], name="complaint_village_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="REJECTED") | ~Q(rejection_reason=""),
                name="complaint_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(anonymous=True) | (Q(reporter_name="") & Q(reporter_phone="")),
                name="complaint_anonymous_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.ticket


class ComplaintEvent(models.Model):
    """The timeline. Public events are shown to the reporter (without officer names); internal ones never."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    public = models.BooleanField(_("visible to the reporter"), default=False)
    status_from = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("timeline")
        indexes = [models.Index(fields=["complaint", "at", "id"], name="complaintevent_timeline")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Referral(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="referrals")
    target = models.CharField(_("referred to"), max_length=10, choices=ReferralTarget.choices)
    target_name = models.CharField(_("name of the office"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.target}"


def attachment_path(instance, filename: str) -> str:
    # A random name: the reporter's file name may itself be personal.
    return f"complaints/{instance.complaint_id}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """Kept in private storage (MEDIA_ROOT, never served statically); staff download it through a logged view."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
