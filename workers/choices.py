"""Enumerations shared by forms, the API and the exchange format (exchange-format.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    NONE = "NONE", _("No schooling")
    SD = "SD", _("Primary school (SD)")
    SMP = "SMP", _("Junior high school (SMP)")
    SMA = "SMA", _("Senior high school (SMA/SMK)")
    DIPLOMA = "DIPLOMA", _("Diploma (D1-D4)")
    BACHELOR = "BACHELOR", _("Bachelor (S1) or higher")


class MaritalStatus(models.TextChoices):
    SINGLE = "SINGLE", _("Single")
    MARRIED = "MARRIED", _("Married")
    DIVORCED = "DIVORCED", _("Divorced")
    WIDOWED = "WIDOWED", _("Widowed")


class Phase(models.TextChoices):
    PRA = "PRA", _("Before placement")
    MASA = "MASA", _("During placement")
    PURNA = "PURNA", _("After placement")


class PositionCode(models.TextChoices):
    HOUSEKEEPER = "HOUSEKEEPER", _("Housekeeper")
    BABYSITTER = "BABYSITTER", _("Baby-sitter")
    ELDERLY_CARER = "ELDERLY_CARER", _("Elderly carer")
    COOK = "COOK", _("Cook")
    FAMILY_DRIVER = "FAMILY_DRIVER", _("Family driver")
    GARDENER = "GARDENER", _("Gardener")
    CHILD_CARER = "CHILD_CARER", _("Child carer")
    CLEANER = "CLEANER", _("Cleaner")
    FARM_WORKER = "FARM_WORKER", _("Farm or plantation worker")
    FISHING_CREW = "FISHING_CREW", _("Fishing-vessel crew")
    CAREGIVER = "CAREGIVER", _("Caregiver")
    NURSE = "NURSE", _("Nurse")
    MANUFACTURING = "MANUFACTURING", _("Factory worker")
    CONSTRUCTION = "CONSTRUCTION", _("Construction worker")
    HOSPITALITY = "HOSPITALITY", _("Hotel and restaurant worker")
    OTHER = "OTHER", _("Other")


class DocumentType(models.TextChoices):
    MARITAL_STATEMENT = "MARITAL_STATEMENT", _("Marital-status statement")
    FAMILY_PERMISSION = "FAMILY_PERMISSION", _("Family permission acknowledged by the village head")
    COMPETENCE = "COMPETENCE", _("Competence certificate")
    MEDICAL = "MEDICAL", _("Medical certificate")
    PSYCHOLOGICAL = "PSYCHOLOGICAL", _("Psychological examination")
    PASSPORT = "PASSPORT", _("Passport")
    WORK_VISA = "WORK_VISA", _("Work visa")
    PLACEMENT_AGREEMENT = "PLACEMENT_AGREEMENT", _("Placement agreement (PP)")
    EMPLOYMENT_CONTRACT = "EMPLOYMENT_CONTRACT", _("Employment contract (PK)")
    KTP = "KTP", _("Identity card (KTP)")
    KK = "KK", _("Family card (KK)")
    SKCK = "SKCK", _("Police certificate (SKCK)")
    BPJS = "BPJS", _("BPJS Ketenagakerjaan membership")
    OPP = "OPP", _("Pre-departure orientation (OPP)")


# The documents UU 18/2017 art. 13 requires (domain.md §2); the rest are officers' extra checks.
ART13_DOCUMENTS = (
    DocumentType.MARITAL_STATEMENT,
    DocumentType.FAMILY_PERMISSION,
    DocumentType.COMPETENCE,
    DocumentType.MEDICAL,
    DocumentType.PSYCHOLOGICAL,
    DocumentType.PASSPORT,
    DocumentType.WORK_VISA,
    DocumentType.PLACEMENT_AGREEMENT,
    DocumentType.EMPLOYMENT_CONTRACT,
)
