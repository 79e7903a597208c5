"""Small, plain builders for the placements tests: agencies with their licence history, job orders, workers
and placements, all written through the same services the portal uses."""

import datetime
import itertools

from placements.models import Agency, JobOrder, Placement
from placements.services import agency_licence_record, agency_save, job_order_save, placement_save
from workers.consent import registration_notice
from workers.models import Worker
from workers.nik import build_nik
from workers.services import worker_register

D = datetime.date
DAY = datetime.timedelta(days=1)

LAMPUNG_TIMUR_VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur)

BORN = D(1996, 8, 12)  # the default worker's birth date
JOB_ORDER_FROM, JOB_ORDER_UNTIL = D(2026, 1, 1), D(2027, 6, 30)
SINAR = ("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023")
GRANT = (("ISSUED", D(2023, 1, 10), D(2028, 1, 9)),)

_serials = itertools.count(1)
_external_ids = itertools.count(1)


def make_nik(
    district_code: str = "18.07.01",
    sex: str = "F",
    birth_date: datetime.date = BORN,
    serial: int = 1,
) -> str:
    """`PP RR DD DDMMYY SSSS`, 40 added to the birth day for women (domain.md §4)."""
    return build_nik(district_code=district_code, sex=sex, birth_date=birth_date, serial=serial)


def make_worker(
    *,
    village_code: str = LAMPUNG_TIMUR_VILLAGE,
    sex: str = "F",
    birth_date: datetime.date = BORN,
    full_name: str = "Siti Aminah",
    serial: int | None = None,
) -> Worker:
    """A worker registered through the one registration service, with a valid NIK of her district."""
    serial = serial if serial is not None else next(_serials) % 9999 + 1
    return worker_register(
        nik=make_nik(village_code[:8], sex, birth_date, serial),
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        birth_place="Sukadana",
        phone="081234567890",
        village_code=village_code,
        notice_text=registration_notice(),
    )


def make_agency(name: str = SINAR[0], licence_number: str = SINAR[1], events=GRANT, **fields) -> Agency:
    """An agency and its licence history: `events` are (event, effective date, valid until) triples."""
    agency = agency_save(agency=Agency(name=name, licence_number=licence_number, **fields))
    for event, effective, until in events:
        agency_licence_record(
            agency=agency, event=event, effective_date=effective, valid_until=until, basis=f"KEP {event}"
        )
    return agency


def make_job_order(
    number: str = "SIP2MI/2026/LPG/0001",
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
            number=number,
            agency=agency or make_agency(),
            country_id=country,
            position_id=position,
            employer_type=employer_type,
            quota=quota,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )


def make_placement(worker: Worker | None = None, **fields) -> Placement:
    """A P to P placement before departure unless told otherwise; a new Lampung Timur worker by default."""
    job_order = fields.get("job_order")
    values = {
        "external_id": f"T-{next(_external_ids):05d}",
        "scheme": "P2P",
        "phase": "PRA",
        "destination_country_id": job_order.country_id if job_order else "TW",
        "position_id": job_order.position_id if job_order else "CAREGIVER",
    }
    if job_order is not None:
        values.update(agency=job_order.agency, job_order_number=job_order.number)
        values["agency_licence_number"] = job_order.agency.licence_number
    values.update(fields)
    return placement_save(placement=Placement(worker=worker or make_worker(), **values))
