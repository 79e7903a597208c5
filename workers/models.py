from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from portal.identifiers import PhoneField, public_code
from regions.models import HistoricDistrict, Village
from workers.choices import DocumentType, Education, MaritalStatus, Phase, PositionCode, Sex
from workers.nik import NikProblem


def new_registration_number() -> str:
    """Random, not sequential: `CPMI-` and 10 characters (about 50 bits)."""
    return public_code(10, prefix="CPMI-", group=5)


class WorkerStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Waiting for verification")
    VERIFIED = "VERIFIED", _("Verified")
    REJECTED = "REJECTED", _("Rejected")


class Channel(models.TextChoices):
    WEB = "WEB", _("web form")
    API = "API", _("API")
    OFFICER = "OFFICER", _("officer")
    IMPORT = "IMPORT", _("import")


# Encrypted identifiers stay out of the change history; a change shows through the masked last digits.
HISTORY_EXCLUDED_NIK = ["nik_encrypted", "nik_index"]
HISTORY_EXCLUDED_NUMBER = ["number_encrypted", "number_index"]


class WorkerQuerySet(ScopedQuerySet):
    # Officers see the workers domiciled in their office's regions.
    region_field = "domicile_village__code"


def nik_masked(nik_last4: str) -> str:
    """A NIK as screens show it: twelve dots and its last four digits."""
    return "•" * 12 + nik_last4


class Worker(models.Model):
    # Unique by a constraint of Meta below, and the indexes of the keys there: a field's own index on PostgreSQL
    # comes with a second one for LIKE searches that nobody makes, and each index costs every registration.
    registration_number = models.CharField(_("registration number"), max_length=16)
    # NIK: encrypted, a keyed blind index for exact search, and the last 4 digits for masked display.
    nik_encrypted = models.TextField(_("NIK (encrypted)"))
    nik_index = models.CharField(max_length=64)
    nik_last4 = models.CharField(max_length=4)
    # What is wrong with the NIK against the declared sex and birth date, checked while the clear value
    # is at hand (registration, import): rules read this, never the NIK. Empty means valid.
    nik_issue = models.CharField(_("NIK problem"), max_length=12, choices=NikProblem.choices, blank=True)
    # Set when the NIK carries a district code of an earlier decree (valid: a NIK keeps its first code);
    # the officer is shown the old and the current district.
    nik_old_district = models.ForeignKey(
        HistoricDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("NIK district of an earlier decree"),
        db_index=False,
    )
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_place = models.CharField(_("birth place"), max_length=100)
    phone = PhoneField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    domicile_village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("village of domicile"),
        db_index=False,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    desired_country = models.CharField(_("desired country"), max_length=2, blank=True)
    desired_position = models.CharField(
        _("desired position"), max_length=20, choices=PositionCode.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorkerStatus.choices, default=WorkerStatus.SUBMITTED
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    phase = models.CharField(_("phase"), max_length=5, choices=Phase.choices, default=Phase.PRA)
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkerQuerySet.as_manager()
    # Who changed which field, when; the NIK's ciphertext and blind index never enter the history. The history
    # is read by record and by date, never by these fields: no index on them to write at every change.
    history = HistoricalRecords(
        excluded_fields=HISTORY_EXCLUDED_NIK,
        no_db_index=["registration_number", "nik_old_district", "domicile_village", "verified_by"],
    )

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            models.Index(fields=["domicile_village", "id"], name="worker_village_id"),
            # Scoping filters by code prefix (LIKE '18.07.%'); PostgreSQL needs pattern ops for that.
            models.Index(
                fields=["domicile_village"], name="worker_village_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["status", "id"], name="worker_status_id"),
            models.Index(fields=["nik_index"], name="worker_nik_index"),
            models.Index(fields=["nik_old_district"], name="worker_old_district"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["registration_number"], name="worker_registration_number_key"),
            models.CheckConstraint(
                condition=~models.Q(status="REJECTED") | ~models.Q(rejection_reason=""),
                name="worker_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.full_name}"

    @property
    def nik_masked(self) -> str:
        return nik_masked(self.nik_last4)


class FamilyRelation(models.TextChoices):
    SPOUSE = "SPOUSE", _("Husband or wife")
    PARENT = "PARENT", _("Parent")
    SIBLING = "SIBLING", _("Brother or sister")
    CHILD = "CHILD", _("Child")
    GUARDIAN = "GUARDIAN", _("Guardian")
    OTHER = "OTHER", _("Other")


class FamilyContact(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="family_contacts")
    full_name = models.CharField(_("full name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=10, choices=FamilyRelation.choices)
    phone = PhoneField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class VerificationState(models.TextChoices):
    PENDING = "PENDING", _("Not yet checked")
    VERIFIED = "VERIFIED", _("Verified")
    REJECTED = "REJECTED", _("Rejected")


class DocumentQuerySet(ScopedQuerySet):
    region_field = "worker__domicile_village__code"


class Document(models.Model):
    """One checklist item of a worker's file. Document numbers (passport among them) are encrypted."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number_encrypted = models.TextField(_("number (encrypted)"), blank=True)
    number_index = models.CharField(max_length=64, blank=True, db_index=True)
    number_last4 = models.CharField(max_length=4, blank=True)
    issuer = models.CharField(_("issuer"), max_length=150, blank=True)
    issued_date = models.DateField(_("issued on"), null=True, blank=True)
    expiry_date = models.DateField(_("valid until"), null=True, blank=True)
    acknowledged_village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by village"),
        help_text=_("For the family permission: the village whose head acknowledged it."),
    )
    verification = models.CharField(
        _("verification"), max_length=10, choices=VerificationState.choices, default=VerificationState.PENDING
    )
    verification_note = models.CharField(_("verification note"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    file = models.FileField(_("scan"), upload_to="documents/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_NUMBER)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [models.UniqueConstraint(fields=["worker", "doc_type"], name="document_one_per_type")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number_masked}"

    @property
    def number_masked(self) -> str:
        return "•" * 4 + self.number_last4 if self.number_last4 else ""


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "REGISTRATION", _("Processing my data to register me as a prospective migrant worker")


class ConsentEvent(models.Model):
    """Append-only history of consent (UU 27/2022): what was shown, what was answered, when and how."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="consent_events")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    notice_version = models.CharField(_("notice version"), max_length=20)
    notice_hash = models.CharField(_("notice hash (SHA-256)"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent history")

    def __str__(self) -> str:
        return f"{self.purpose} {'+' if self.granted else '-'} v{self.notice_version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("consent history is append-only")
        super().save(*args, **kwargs)


class RegistrationAlias(models.Model):
    """The registration number of a record merged into another (a duplicate registration): the number
    keeps resolving to the surviving worker, so the person who holds it is told the surviving number."""

    registration_number = models.CharField(_("registration number"), max_length=16, unique=True)
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="aliases")
    # The merged record's birth date: the status check asks for number and birth date together.
    birth_date = models.DateField(_("birth date"))
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("merged registration number")
        verbose_name_plural = _("merged registration numbers")

    def __str__(self) -> str:
        return self.registration_number
