import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# UU 27/2022: a person's request is answered within 3×24 hours of its receipt.
ANSWER_WITHIN = datetime.timedelta(hours=72)


class RequestKind(models.TextChoices):
    ACCESS = "ACCESS", _("See my data and who processed it")
    CORRECTION = "CORRECTION", _("Correct my data")
    WITHDRAWAL = "WITHDRAWAL", _("Withdraw my consent")
    ERASURE = "ERASURE", _("Erase my data")
    OBJECTION = "OBJECTION", _("Object to a processing")


class IdentifiedBy(models.TextChoices):
    REGISTRATION = "REGISTRATION", _("Registration number, NIK and birth date")
    COMPLAINT = "COMPLAINT", _("Complaint ticket and access code")


# A complaint's ticket identifies a reporter, not a registered worker: they may see their complaint's data
# or object to its processing; correcting, withdrawing consent and erasing act on a worker's record.
KINDS_BY_COMPLAINT = frozenset({RequestKind.ACCESS, RequestKind.OBJECTION})


class RequestStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("Received, being handled")
    COMPLETED = "COMPLETED", _("Completed")
    REFUSED = "REFUSED", _("Refused")


class Outcome(models.TextChoices):
    ACCESS_GIVEN = "ACCESS_GIVEN", _("Data package ready")
    CORRECTED = "CORRECTED", _("Data corrected")
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN", _("Consent withdrawn")
    ERASED = "ERASED", _("Data anonymised")
    ERASURE_REFUSED = "ERASURE_REFUSED", _("Not erased: the law requires keeping it")
    OBJECTION_UPHELD = "OBJECTION_UPHELD", _("Objection upheld")
    REFUSED = "REFUSED", _("Refused")


class RequestChannel(models.TextChoices):
    WEB = "WEB", _("web form")
    API = "API", _("API")
