from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, person_scope, region_q
from complaints.models import Complaint
from workers.models import Worker


class LegalHoldQuerySet(ScopedQuerySet):
    # A hold is on a worker (their village of domicile) or on a complaint (its village, or its office).
    region_field = "worker__domicile_village__code"

    def visible_to(self, user) -> Self:
        scope = person_scope(user)
        if scope is None:
            return self.none()
        if scope.all_regions:
            return self
        office_id = getattr(getattr(user, "profile", None), "office_id", None)
        own_office = (
            Q(complaint__village__isnull=True, complaint__office_id=office_id) if office_id else Q(pk__in=[])
        )
        return self.filter(
            region_q(self.region_field, scope.codes)
            | region_q("complaint__village__code", scope.codes)
            | own_office
        )

    def active(self) -> Self:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While a hold is active, retention and erasure leave its worker or complaint alone."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds",
        verbose_name=_("worker"),
    )  # fmt: skip
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds",
        verbose_name=_("complaint"),
    )  # fmt: skip
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("placed by")
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lifted by"),
    )  # fmt: skip
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(worker__isnull=False, complaint__isnull=True)
                | Q(worker__isnull=True, complaint__isnull=False),
                name="legalhold_one_subject",
                violation_error_message=_("A legal hold is on one worker or one complaint."),
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="legalhold_has_reason"),
        ]
        indexes = [models.Index(fields=["lifted_at"], name="legalhold_lifted")]

    def __str__(self) -> str:
        subject = self.worker.registration_number if self.worker_id else self.complaint.ticket  # type: ignore[union-attr]
        return f"{subject}: {self.reason[:40]}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class AnonymisedRecord(models.Model):
    """The register of what was anonymised, when and why; retention skips what is here."""

    class Kind(models.TextChoices):
        WORKER = "worker", _("worker")
        COMPLAINT = "complaint", _("complaint")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    reason = models.CharField(_("reason"), max_length=20)  # "retention" or "erasure"
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymised record")
        verbose_name_plural = _("anonymised records")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="anonymised_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.reason}"
