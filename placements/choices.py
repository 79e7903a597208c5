"""Enumerations of the exchange format (exchange-format.md) and of the policy tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    P2P = "P2P", _("P to P (licensed agency)")
    G2G = "G2G", _("G to G (government)")
    G2P = "G2P", _("G to P (government to private employer)")
    UKPS = "UKPS", _("UKPS (company placing its own employees)")
    MANDIRI = "MANDIRI", _("Independent (mandiri)")


class RecruiterType(models.TextChoices):
    AGENCY = "AGENCY", _("Licensed agency")
    INDIVIDUAL = "INDIVIDUAL", _("Individual (calo / sponsor)")
    GOVERNMENT = "GOVERNMENT", _("Government")
    EMPLOYER = "EMPLOYER", _("Employer")


class EmployerType(models.TextChoices):
    INDIVIDUAL = "INDIVIDUAL", _("Individual (household)")
    LEGAL_ENTITY = "LEGAL_ENTITY", _("Legal entity")


class VisaType(models.TextChoices):
    WORK = "WORK", _("Work visa")
    TOURIST = "TOURIST", _("Tourist visa")
    VISIT = "VISIT", _("Visit visa")
    UMRAH = "UMRAH", _("Umrah / ziarah visa")
    STUDENT = "STUDENT", _("Student / intern visa")
    SELF_EMPLOYED = "SELF_EMPLOYED", _("Self-employed visa")


class ReturnReason(models.TextChoices):
    CONTRACT_END = "CONTRACT_END", _("Contract ended")
    DEPORTED = "DEPORTED", _("Deported")
    REPATRIATED_CASE = "REPATRIATED_CASE", _("Repatriated because of a case")
    DECEASED = "DECEASED", _("Deceased")
    OTHER = "OTHER", _("Other")


class LicenceEvent(models.TextChoices):
    ISSUED = "ISSUED", _("Issued")
    RENEWED = "RENEWED", _("Renewed")
    SUSPENDED = "SUSPENDED", _("Suspended")
    REINSTATED = "REINSTATED", _("Suspension lifted")
    REVOKED = "REVOKED", _("Revoked")


class LicenceStatus(models.TextChoices):
    VALID = "VALID", _("Valid")
    EXPIRED = "EXPIRED", _("Expired")
    SUSPENDED = "SUSPENDED", _("Suspended")
    REVOKED = "REVOKED", _("Revoked")
    NONE = "NONE", _("No licence on record")


class PolicyStatus(models.TextChoices):
    CLOSED = "CLOSED", _("Closed to placement")
    MORATORIUM = "MORATORIUM", _("Moratorium")
    SPECIAL_CHANNEL = "SPECIAL_CHANNEL", _("Only through a special channel")


class PositionCategory(models.TextChoices):
    ANY = "ANY", _("Any position")
    DOMESTIC = "DOMESTIC", _("Domestic (household) work")


class PolicyEmployerType(models.TextChoices):
    ANY = "ANY", _("Any employer")
    INDIVIDUAL = "INDIVIDUAL", _("Individual (household)")
    LEGAL_ENTITY = "LEGAL_ENTITY", _("Legal entity")


# Codes the exchange format still accepts for a position that is recorded under another code: a
# "caregiver" for an elderly person at home is the elderly carer (domain.md §9), domestic and zero-cost.
POSITION_ALIASES = {"CAREGIVER": "ELDERLY_CARER"}


class FeeKind(models.TextChoices):
    TICKET = "TICKET", _("Ticket")
    VISA = "VISA", _("Visa")
    TRAINING = "TRAINING", _("Training")
    CERTIFICATE = "CERTIFICATE", _("Certificates")
    PASSPORT = "PASSPORT", _("Passport")
    SKCK = "SKCK", _("Police certificate")
    BPJS = "BPJS", _("Social security")
    MEDICAL = "MEDICAL", _("Medical checks")
    AGENCY_FEE = "AGENCY_FEE", _("Agency fee")
    TRANSPORT = "TRANSPORT", _("Local transport")
    LODGING = "LODGING", _("Lodging")
    OTHER = "OTHER", _("Other")
