"""After the fact: returns of people who never had a procedural placement."""

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from placements.choices import EmployerType, Scheme, VisaType
from placements.models import Placement, Severity
from placements.rules.base import Example, Reads, Rule


def _complaints():
    """Complaints about this placement. The complaints app depends on placements, so look its model up by
    name rather than import it."""
    return apps.get_model("complaints", "Complaint").objects.filter(placement_id=OuterRef("id"))


def _procedural_on_record() -> Exists:
    """The worker has some placement on the legal route: a government or company scheme, or P to P with an
    agency and a job order on record, on a work visa."""
    legal_route = (
        Q(scheme__in=[Scheme.G2G, Scheme.G2P, Scheme.UKPS])
        | Q(scheme=Scheme.P2P, agency__isnull=False, job_order__isnull=False)
        | Q(scheme=Scheme.MANDIRI, employer_type=EmployerType.LEGAL_ENTITY)
    )
    return Exists(
        Placement.objects.filter(worker_id=OuterRef("worker_id"), visa_type=VisaType.WORK).filter(legal_route)
    )


NP_RETRO = Rule(
    code="NP-RETRO",
    version=3,  # 2: complaints count as well as returns; 3: a mandiri placement with a legal entity is legal
    severity=Severity.HIGH,
    basis=_("Statistics of returns"),
    title=_("Returned or complained without any procedural placement on record"),
    explanation=_(
        "The worker came back (returned, deported or repatriated), or a complaint was filed about this "
        "placement, but no placement on the legal route is on record: the departure was probably non-procedural."
    ),
    condition=lambda qs: qs.filter(Q(return_record__isnull=False) | Q(Exists(_complaints()))).exclude(
        _procedural_on_record()
    ),
    evidence={
        "return_date": "return_record__return_date",
        "return_reason": "return_record__reason",
        "complaints": Subquery(
            _complaints().order_by().values("placement_id").annotate(n=Count("id")).values("n")[:1]
        ),
    },
    examples=(
        Example(
            row={
                "agency_licence_number": "",
                "job_order_number": "",
                "recruiter_type": "INDIVIDUAL",
                "visa_type": "VISIT",
                "phase": "PURNA",
                "return_date": "2026-08-14",
                "return_reason": "DEPORTED",
            }
        ),
    ),  # fmt: skip
    reads=frozenset({Reads.WORKER, Reads.COMPLAINTS}),
)
