from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.scoping import ScopedQuerySet, person_scope, region_q
from complaints.models import Complaint
from datarights.choices import IdentifiedBy, Outcome, RequestChannel, RequestKind, RequestStatus
from portal.identifiers import PhoneField, public_code
from regions.models import Village
from workers.models import Worker


def new_request_number() -> str:
    """`HAK-` and 10 random characters (about 50 bits): numbers cannot be guessed or enumerated."""
    return public_code(10, prefix="HAK-", group=5)


def new_access_code() -> str:
    return public_code(8)


class DataRequestQuerySet(ScopedQuerySet):
    region_field = "village__code"

    def visible_to(self, user) -> Self:
        """By the person's village; a request whose identity matched nobody has no village and goes to the
        office that receives public requests (as complaints without a village do)."""
        scope = person_scope(user)
        if scope is None:
            return self.none()
        if scope.all_regions:
            return self
        office_id = getattr(getattr(user, "profile", None), "office_id", None)
        own_office = Q(village__isnull=True, office_id=office_id) if office_id else Q(pk__in=[])
        return self.filter(region_q(self.region_field, scope.codes) | own_office)


class DataRequest(models.Model):
    """A person's request under UU 27/2022 (see, correct, withdraw consent, erase, object).

    Every request is recorded, whether or not the identity given matches a record: the person gets the
    same answer either way (nothing tells a stranger whether someone is registered), and the officer sees
    `identity_matched` and refuses what matched nobody."""

    number = models.CharField(_("request number"), max_length=16, unique=True)
    access_code_hash = models.CharField(max_length=128)
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    identified_by = models.CharField(_("identified by"), max_length=12, choices=IdentifiedBy.choices)
    identity_matched = models.BooleanField(_("identity matches a record"), default=False)
    # What the person typed (registration number or ticket), so the officer can see what did not match.
    claimed_reference = models.CharField(_("number given"), max_length=20)
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="data_requests",
        verbose_name=_("worker"),
    )  # fmt: skip
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="data_requests",
        verbose_name=_("complaint"),
    )  # fmt: skip
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="data_requests",
        verbose_name=_("receiving office"),
    )  # fmt: skip
    purpose = models.CharField(_("consent purpose"), max_length=20, blank=True)
    what_is_wrong = models.TextField(_("what is wrong"), blank=True)
    what_is_right = models.TextField(_("what is right"), blank=True)
    details = models.TextField(_("details from the person"), blank=True)
    contact_phone = PhoneField(_("phone to reach the person"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=3, choices=RequestChannel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=18, choices=Outcome.choices, blank=True)
    # Shown to the person when they track the request; never an officer's name.
    outcome_text = models.TextField(_("answer to the person"), blank=True)
    # The data package of an access request: kept until the person downloads it, once, then emptied.
    package = models.JSONField(null=True, blank=True, editable=False)
    package_downloaded_at = models.DateTimeField(_("package downloaded at"), null=True, blank=True)

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        indexes = [
            models.Index(fields=["status", "due_at"], name="datarequest_status_due"),
            models.Index(
                fields=["village"], name="datarequest_village_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="RECEIVED") | ~Q(outcome=""), name="datarequest_decided_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(identity_matched=True) | Q(worker__isnull=False) | Q(complaint__isnull=False),
                name="datarequest_matched_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.number
