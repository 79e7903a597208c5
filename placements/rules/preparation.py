"""What must be in place before departure: documents, social security, orientation, zero cost."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.models import FeeItem, Severity
from placements.rules.base import CALENDAR_HORIZON, Example, Reads, Rule, month_day
from workers.choices import ART13_DOCUMENTS, DocumentType, Phase
from workers.models import Document, VerificationState


def document_ok(doc_type: str) -> Exists:
    """The worker has this document, verified, and not expired on the departure date."""
    return Exists(
        Document.objects.filter(
            worker_id=OuterRef("worker_id"), doc_type=doc_type, verification=VerificationState.VERIFIED
        ).filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=OuterRef("departure_date")))
    )


def _documents_missing(qs):
    # One counting subquery decides (a document of each type is unique per worker); the nine
    # per-document checks of the evidence then run only for the placements that are flagged.
    ok = (
        Document.objects.filter(
            worker_id=OuterRef("worker_id"),
            doc_type__in=ART13_DOCUMENTS,
            verification=VerificationState.VERIFIED,
        )
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=OuterRef("departure_date")))
        .order_by()
        .values("worker_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        qs.filter(departure_date__isnull=False)
        .alias(documents_ok=Coalesce(Subquery(ok[:1]), 0))
        .filter(documents_ok__lt=len(ART13_DOCUMENTS))
    )


NP_DOCS = Rule(
    code="NP-DOCS",
    version=1,
    severity=Severity.HIGH,
    basis=_("UU 18/2017 art. 13"),
    title=_("Required documents missing, unverified or expired"),
    explanation=_(
        "Each document required by art. 13 must be present, verified, and valid on the departure date. The "
        "evidence lists each document: false means missing, unverified or expired."
    ),
    condition=_documents_missing,
    evidence={doc_type.lower(): document_ok(doc_type) for doc_type in ART13_DOCUMENTS},
    examples=(Example(missing_documents=(DocumentType.PASSPORT,)),),
    reads=frozenset({Reads.DOCUMENTS}),
)

NP_BPJS = Rule(
    code="NP-BPJS",
    version=2,  # 2: cover that starts after departure
    severity=Severity.HIGH,
    basis=_("UU 18/2017 art. 5; Permenaker 4/2023"),
    title=_("No social security cover for the whole contract"),
    explanation=_(
        "BPJS Ketenagakerjaan cover (JKK and JKM) must start before departure and last at least as long as the "
        "employment contract."
    ),
    condition=lambda qs: (
        qs.filter(departure_date__isnull=False)
        .alias(
            cover_end=month_day("bpjs_valid_until"),
            contract_end=month_day("departure_date", Coalesce(F("contract_months"), 0)),
        )
        .filter(
            Q(bpjs_valid_until__isnull=True)
            | Q(bpjs_valid_from__gt=F("departure_date"))
            | Q(bpjs_valid_until__lt=F("departure_date"))
            | Q(cover_end__lt=F("contract_end"))
        )
    ),
    # A start not reported (files from before the column) is not taken as a late start: the evidence shows
    # it as null for the officer.
    evidence={
        "bpjs_valid_from": "bpjs_valid_from",
        "bpjs_valid_until": "bpjs_valid_until",
        "departure_date": "departure_date",
        "contract_months": "contract_months",
    },
    examples=(
        Example(row={"bpjs_valid_until": "2026-12-31"}),
        # Cover bought after the worker had left.
        Example(name="LATE-START", row={"bpjs_valid_from": "2026-05-20"}),
    ),
)


def _orientation_missing(qs):
    # Before departure the check starts CALENDAR_HORIZON days ahead of the departure date, and stays.
    soon = timezone.localdate() + datetime.timedelta(days=CALENDAR_HORIZON)
    none_before_departure = Q(opp_date__isnull=True) | Q(opp_date__gt=F("departure_date"))
    gone = Q(phase__in=[Phase.MASA, Phase.PURNA])
    leaving = Q(phase=Phase.PRA, departure_date__lte=soon)
    return qs.filter(gone | leaving).filter(none_before_departure)


NP_OPP = Rule(
    code="NP-OPP",
    version=2,  # 2: also before departure, from 7 days ahead
    severity=Severity.HIGH,
    basis=_("Pre-departure orientation (OPP)"),
    title=_("No pre-departure orientation"),
    explanation=_(
        "The worker left, or leaves within 7 days, without the mandatory pre-departure orientation (OPP) on "
        "record."
    ),
    condition=_orientation_missing,
    evidence={"opp_date": "opp_date", "departure_date": "departure_date", "phase": "phase"},
    examples=(
        Example(row={"opp_date": ""}),
        # Still before departure, the departure date passed, no orientation.
        Example(name="PRA", row={"opp_date": "", "phase": "PRA", "departure_date": "2026-11-20"}),
    ),
    reads=frozenset({Reads.CALENDAR}),
)

NP_PERMISSION_VILLAGE = Rule(
    code="NP-PERMISSION-VILLAGE",
    version=1,
    severity=Severity.MEDIUM,
    basis=_("UU 18/2017 art. 13"),
    title=_("Family permission acknowledged by another village"),
    explanation=_(
        "The family permission must be acknowledged by the head of the worker's own village; here another "
        "village signed it."
    ),
    condition=lambda qs: qs.filter(
        Exists(
            Document.objects.filter(
                worker_id=OuterRef("worker_id"),
                doc_type=DocumentType.FAMILY_PERMISSION,
                acknowledged_village__isnull=False,
            ).exclude(acknowledged_village_id=OuterRef("worker__domicile_village_id"))
        )
    ),
    evidence={"domicile_village": "worker__domicile_village_id"},
    examples=(Example(permission_village="18.07.05.2001"),),
    reads=frozenset({Reads.WORKER, Reads.DOCUMENTS}),
)


def _zero_cost_charged(qs):
    # Zero cost covers departures within the position's policy dates; a placement with no departure date
    # yet leaves later, so it is covered once the policy is in force.
    departs_under_policy = (
        Q(departure_date__isnull=True) | Q(departure_date__gte=F("position__zero_cost_from"))
    ) & (
        Q(position__zero_cost_until__isnull=True)
        | Q(departure_date__isnull=True)
        | Q(departure_date__lte=F("position__zero_cost_until"))
    )
    charged = Q(fees_charged_idr__gt=0) | Q(
        Exists(FeeItem.objects.filter(placement_id=OuterRef("id"), amount_idr__gt=0))
    )
    return (
        qs.filter(position__is_zero_cost=True, position__zero_cost_from__isnull=False)
        .filter(departs_under_policy)
        .filter(charged)
    )


NP_FEES = Rule(
    code="NP-FEES",
    version=2,  # 2: only for departures on or after the policy's effective date
    severity=Severity.HIGH,
    basis=_("UU 18/2017 art. 30; Perban 9/2020"),
    title=_("Costs charged for a zero-cost position"),
    explanation=_(
        "Workers in the zero-cost positions may not be charged any placement cost, for departures from the "
        "day the policy took effect (15 July 2021)."
    ),
    condition=_zero_cost_charged,
    evidence={
        "position": "position_id",
        "fees_charged_idr": Coalesce("fees_charged_idr", 0),
        "departure_date": "departure_date",
    },
    examples=(
        Example(
            row={
                "job_order_number": "SIP2MI/2026/LPG/0002",
                "destination_country": "HK",
                "position": "HOUSEKEEPER",
                "employer_type": "INDIVIDUAL",
                "fees_charged_idr": "18500000",
            }
        ),
        # "Caregiver" is the elderly carer: zero cost too.
        Example(
            name="CAREGIVER",
            row={"job_order_number": "", "position": "CAREGIVER", "fees_charged_idr": "9000000"},
        ),
    ),  # fmt: skip
    reads=frozenset({Reads.POSITION_POLICY}),
)
