"""Small builders for the rule tests. Everything is written through the services the portal uses; flags
appear only when a test calls `evaluate` (or, in test_triggers, when on-commit callbacks run).

`make_placement()` with no arguments is a clean placement on the legal route: P to P through a licensed
agency and an open job order, a work visa, an official exit, BPJS for the whole contract, orientation
before departure, every art. 13 document verified. Each rule test changes the one thing its rule reads.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model

from placements.models import Agency, CountryPolicy, FeeItem, Flag, JobOrder, Placement
from placements.rules import engine
from placements.services import (
    agency_licence_record,
    agency_save,
    country_policy_save,
    job_order_save,
    placement_save,
)
from workers.choices import ART13_DOCUMENTS
from workers.consent import registration_notice
from workers.models import Document, Worker
from workers.nik import build_nik
from workers.services import document_upsert, worker_register

D = datetime.date
DAY = datetime.timedelta(days=1)

VILLAGE = "18.07.01.2001"  # Sukadana, Lampung Timur
OTHER_VILLAGE = "18.07.02.2001"  # another village of Lampung Timur
JATIM_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur)

BIRTH = D(1996, 8, 12)
RECRUITED = D(2026, 2, 2)
DEPARTURE = D(2026, 5, 4)
LICENCE = ("ISSUED", D(2023, 1, 10), D(2028, 1, 9))
JOB_ORDER_FROM, JOB_ORDER_UNTIL = D(2026, 1, 1), D(2027, 6, 30)
FAR_FUTURE = D(2031, 12, 31)

_serials = itertools.count(1)
_numbers = itertools.count(1)

_NEW = object()


def make_nik(
    district: str = VILLAGE[:8], sex: str = "F", birth_date: datetime.date = BIRTH, serial: int = 1
) -> str:
    """`PP RR DD DDMMYY SSSS`, with 40 added to the birth day for women (domain.md §4)."""
    return build_nik(district_code=district, sex=sex, birth_date=birth_date, serial=serial)


def make_worker(
    *,
    village: str = VILLAGE,
    sex: str = "F",
    birth_date: datetime.date = BIRTH,
    nik: str | None = None,
    full_name: str = "Siti Aminah",
) -> Worker:
    """A worker registered through the one registration service; `nik` defaults to a valid one for her."""
    return worker_register(
        nik=nik or make_nik(village[:8], sex, birth_date, next(_serials) % 9999 + 1),
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        birth_place="Sukadana",
        phone="081234567890",
        village_code=village,
        notice_text=registration_notice(),
    )


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


def make_agency(
    *, events=(LICENCE,), licence_number: str | None = None, name: str = "PT Sinar Lampung"
) -> Agency:
    """An agency and its licence history: `events` are (event, effective date, valid until) triples."""
    agency = agency_save(
        agency=Agency(name=name, licence_number=licence_number or f"KEP.{next(_numbers):03d}/P3MI/2023")
    )
    for event, effective, until in events:
        record_licence(agency, event, effective, until)
    return agency


def record_licence(agency: Agency, event: str, effective: datetime.date, until: datetime.date | None = None):
    return agency_licence_record(
        agency=agency, event=event, effective_date=effective, valid_until=until, basis=f"KEP {event}"
    )


def make_job_order(
    *,
    agency: Agency | None = None,
    country: str = "TW",
    position: str = "CAREGIVER",
    quota: int = 20,
    valid_from: datetime.date = JOB_ORDER_FROM,
    valid_until: datetime.date = JOB_ORDER_UNTIL,
    employer_type: str = "LEGAL_ENTITY",
) -> JobOrder:
    return job_order_save(
        job_order=JobOrder(
            number=f"SIP2MI/2026/LPG/{next(_numbers):04d}",
            agency=agency or make_agency(),
            country_id=country,
            position_id=position,
            employer_type=employer_type,
            quota=quota,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )


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
