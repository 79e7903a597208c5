"""Small builders for the rule tests. Everything is written through the services the portal uses; flags
appear only when a test calls `evaluate` (or, in test_triggers, when on-commit callbacks run).

`make_placement()` with no arguments is a clean placement on the legal route: P to P through a licensed
agency and an open job order, a work visa, an official exit, BPJS for the whole contract, orientation
before departure, every art. 13 document verified. Each rule test changes the one thing its rule reads.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from placements.models import AgencyLicence, CountryPolicy, FeeItem, Flag, JobOrder, Placement, Position
from placements.rules import engine
from placements.services import country_policy_save, placement_save
from tests.builders import (  # noqa: F401 (re-exported: the rule tests import them from here)
    BORN,
    JOB_ORDER_FROM,
    JOB_ORDER_UNTIL,
    LABUHAN_MARINGGAI,
    LICENCE,
    SUKADANA,
    SURABAYA,
    make_agency,
    make_job_order,
    make_nik,
    make_worker,
    record_licence,
)
from workers.choices import ART13_DOCUMENTS
from workers.models import Document, Worker
from workers.services import document_upsert

D = datetime.date
DAY = datetime.timedelta(days=1)

VILLAGE, OTHER_VILLAGE, JATIM_VILLAGE = SUKADANA, LABUHAN_MARINGGAI, SURABAYA

BIRTH = BORN
RECRUITED = D(2026, 2, 2)
DEPARTURE = D(2026, 5, 4)
FAR_FUTURE = D(2031, 12, 31)

_numbers = itertools.count(1)

_NEW = object()


def verifier():
    user, _created = get_user_model().objects.get_or_create(username="doc.verifier")
    return user


def give_documents(
    worker: Worker,
    *,
    expiry_date: datetime.date | None = FAR_FUTURE,
    missing=(),
    unverified=(),
    acknowledged_village: str | None = None,
) -> None:
    """Every art. 13 document, verified, valid until `expiry_date`, except those named `missing` (not
    recorded) or `unverified` (recorded but never checked). The family permission is acknowledged by the
    worker's own village unless told otherwise."""
    officer = verifier()
    for doc_type in ART13_DOCUMENTS:
        if doc_type in missing:
            continue
        document_upsert(
            worker=worker,
            doc_type=doc_type,
            number=f"{doc_type[:3]}-{worker.pk}",
            issued_date=D(2025, 1, 1),
            expiry_date=expiry_date,
            acknowledged_village_code=(acknowledged_village or worker.domicile_village_id)
            if doc_type == "FAMILY_PERMISSION"
            else None,
            verified_by=None if doc_type in unverified else officer,
        )


def set_document(worker: Worker, doc_type: str, **fields) -> Document:
    """Replace one document (through the service), keeping it verified."""
    return document_upsert(worker=worker, doc_type=doc_type, number=f"{doc_type[:3]}-{worker.pk}",
                           verified_by=verifier(), **fields)  # fmt: skip


def make_placement(
    worker: Worker | None = None, *, job_order=_NEW, agency=_NEW, documents: bool = True, **fields
) -> Placement:
    """A clean placement unless `fields` say otherwise (see the module docstring).

    `job_order=None` records no job order; `agency=None` no agency (and with it no job order by default).
    A new worker gets every art. 13 document unless `documents=False`."""
    country = fields.get("destination_country_id", "TW")
    position = fields.get("position_id", "CAREGIVER")
    if job_order is _NEW:
        job_order = (
            None
            if agency is None
            else make_job_order(agency=None if agency is _NEW else agency, country=country, position=position)
        )
    if agency is _NEW:
        agency = job_order.agency if job_order else make_agency()
    if worker is None:
        worker = make_worker()
        if documents:
            give_documents(worker)
    values = {
        "external_id": f"R-{next(_numbers):05d}",
        "scheme": "P2P",
        "agency": agency,
        "agency_licence_number": agency.licence_number if agency else "",
        "job_order": job_order,
        "job_order_number": job_order.number if job_order else "",
        "recruiter_type": "AGENCY" if agency else "",
        "destination_country_id": country,
        "position_id": position,
        "employer_type": "LEGAL_ENTITY",
        "visa_type": "WORK",
        "recruited_date": RECRUITED,
        "departure_date": DEPARTURE,
        "exit_point": "Bandara Soekarno-Hatta",
        "official_exit": True,
        "contract_months": 24,
        "bpjs_valid_until": FAR_FUTURE,
        "opp_date": DEPARTURE - 7 * DAY,
        "fees_charged_idr": 0,
        "phase": "MASA",
    }
    values.update(fields)
    return placement_save(placement=Placement(worker=worker, **values))


def update_placement(placement: Placement, **fields) -> Placement:
    for name, value in fields.items():
        setattr(placement, name, value)
    return placement_save(placement=placement, fields=[*fields, "updated_at"])


def make_fee_item(placement: Placement, amount_idr: int, kind: str = "AGENCY_FEE") -> FeeItem:
    return FeeItem.objects.create(placement=placement, kind=kind, amount_idr=amount_idr)


def make_policy(
    country: str, status: str, valid_from: datetime.date, valid_until=None, **fields
) -> CountryPolicy:
    return country_policy_save(
        policy=CountryPolicy(
            country_id=country,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            legal_basis="test policy",
            **fields,
        )
    )


def evaluate(placement: Placement, rules=None) -> None:
    engine.evaluate_placements(placement_ids=[placement.pk], rules=rules)


def flags_of(placement: Placement) -> dict[str, str]:
    """{rule: status} of every flag of the placement, resolved ones included."""
    return dict(Flag.objects.filter(placement=placement).values_list("rule", "status"))


def flag_of(placement: Placement, rule: str) -> Flag:
    return Flag.objects.get(placement=placement, rule=rule)


def flagged(placement: Placement, rule: str) -> bool:
    """Evaluate the placement for one rule and say whether the rule holds (its flag is open)."""
    evaluate(placement, rules=[rule])
    return flags_of(placement).get(rule) == "OPEN"


def age(placement: Placement, hours: int) -> None:
    """Make the placement and everything it depends on look last changed `hours` ago."""
    then = timezone.now() - datetime.timedelta(hours=hours)
    Placement.objects.filter(pk=placement.pk).update(updated_at=then)
    type(placement.worker).objects.filter(pk=placement.worker_id).update(updated_at=then)
    Document.objects.filter(worker_id=placement.worker_id).update(updated_at=then)
    AgencyLicence.objects.filter(agency_id=placement.agency_id).update(created_at=then)
    JobOrder.objects.filter(pk=placement.job_order_id).update(updated_at=then)
    Position.objects.filter(pk=placement.position_id).update(updated_at=then)
