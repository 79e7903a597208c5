"""The record of processing activities (UU 27/2022 art. 31) as ONE declaration.

The admin page, the Markdown export and what a person is told when they withdraw consent are all
rendered from `PROCESSING`, so the document cannot drift from what the code declares."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from privacy.retention import RetentionKind
from workers.models import ConsentPurpose


class Basis(models.TextChoices):
    CONSENT = "CONSENT", _("Consent of the person (UU 27/2022)")
    LEGAL_OBLIGATION_PMI = "LEGAL_PMI", _("Legal obligation: protection of migrant workers (UU 18/2017)")
    LEGAL_OBLIGATION_PDP = "LEGAL_PDP", _("Legal obligation: personal data protection (UU 27/2022)")
    PUBLIC_TASK = "PUBLIC_TASK", _("Public task of the agency (UU 18/2017)")


@dataclass(frozen=True)
class Processing:
    code: str
    purpose: Promise
    basis: Basis
    consent_purpose: str | None  # a workers.models.ConsentPurpose value when the basis is consent
    categories: tuple[Promise, ...]
    specific: bool  # touches specific personal data (health, crimes, children)
    recipients: tuple[Promise, ...]
    retention: RetentionKind
    about_person: bool = True  # False: anonymous (aggregates), never about one person

    @property
    def on_consent(self) -> bool:
        return self.basis == Basis.CONSENT


PROCESSING: tuple[Processing, ...] = (
    Processing(
        code="REGISTRATION",
        purpose=_("Registering a prospective migrant worker and verifying the registration"),
        basis=Basis.CONSENT,
        consent_purpose=ConsentPurpose.REGISTRATION.value,
        categories=(
            _("identity: name, NIK, birth date and place, sex"),
            _("contact: phone, e-mail, address, village of domicile"),
            _("education, marital status, desired country and position"),
            _("family contacts"),
        ),
        specific=False,
        recipients=(_("officers of the BP3MI office of the person's region"),),
        retention=RetentionKind.UNVERIFIED_REGISTRATION,
    ),
    Processing(
        code="PLACEMENT_PROTECTION",
        purpose=_("Protecting the worker before, during and after placement abroad"),
        basis=Basis.LEGAL_OBLIGATION_PMI,
        consent_purpose=None,
        categories=(
            _("identity and contact"),
            _("documents: passport and other numbers, medical check result, family permission"),
            _("placements: agency, employer type, country, dates, fees, social security, return"),
        ),
        specific=True,
        recipients=(
            _("officers of the BP3MI office of the person's region"),
            _("the placement agency (P3MI) for its own placements"),
        ),
        retention=RetentionKind.WORKER_RECORD,
    ),
    Processing(
        code="COMPLAINT_HANDLING",
        purpose=_("Handling complaints and referring them to the competent authority"),
        basis=Basis.LEGAL_OBLIGATION_PMI,
        consent_purpose=None,
        categories=(
            _("reporter identity and contact (unless anonymous)"),
            _("what happened, which may concern crimes or health"),
            _("agency, recruiter and country named in the complaint"),
        ),
        specific=True,
        recipients=(
            _("officers of the receiving office"),
            _("the authority the complaint is referred to (police, labour office, embassy)"),
        ),
        retention=RetentionKind.CLOSED_COMPLAINT,
    ),
    Processing(
        code="ACCESS_LOG",
        purpose=_("Recording every read of personal data, so that a breach can be scoped"),
        basis=Basis.LEGAL_OBLIGATION_PDP,
        consent_purpose=None,
        categories=(_("which record was read, by which account, when, from where and why"),),
        specific=False,
        recipients=(_("administrators of the portal"), _("the data protection authority on request")),
        retention=RetentionKind.ACCESS_LOG,
    ),
    Processing(
        code="CHANGE_HISTORY",
        purpose=_("Keeping who changed which field of a person's record, from what to what"),
        basis=Basis.LEGAL_OBLIGATION_PDP,
        consent_purpose=None,
        categories=(_("earlier values of the record's fields (encrypted identifiers masked)"),),
        specific=True,
        recipients=(_("officers of the BP3MI office of the person's region"),),
        retention=RetentionKind.CHANGE_HISTORY,
    ),
    Processing(
        code="DPRD_AGGREGATES",
        purpose=_("Publishing anonymous figures for the regional parliament (DPRD) and the public"),
        basis=Basis.PUBLIC_TASK,
        consent_purpose=None,
        categories=(_("counts by region, sex, age band, phase and outcome; small cells suppressed"),),
        specific=False,
        recipients=(_("the public, the DPRD"),),
        retention=RetentionKind.AGGREGATES,
        about_person=False,
    ),
    Processing(
        code="DATA_RIGHTS_REQUESTS",
        purpose=_("Answering a person's requests to see, correct, withdraw, erase or object"),
        basis=Basis.LEGAL_OBLIGATION_PDP,
        consent_purpose=None,
        categories=(_("the request, the identity it was proven with, its outcome"),),
        specific=False,
        recipients=(_("officers of the BP3MI office of the person's region"),),
        retention=RetentionKind.DATA_RIGHTS_REQUEST,
    ),
)


def processing(code: str) -> Processing:
    for entry in PROCESSING:
        if entry.code == code:
            return entry
    raise KeyError(code)


def processing_for_consent(purpose: str) -> list[Processing]:
    """The processing that rests on consent for `purpose`: it stops when the person withdraws."""
    return [entry for entry in PROCESSING if entry.consent_purpose == purpose]


def processing_continuing_after_withdrawal(purpose: str) -> list[Processing]:
    """What goes on about the person after they withdraw consent for `purpose`: every processing about a
    person whose basis is not consent (the law requires it), with its basis, to tell them."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return [entry for entry in PROCESSING if entry.about_person and not entry.on_consent]
