"""The builders every test package shares: village codes, a valid NIK, a registered worker, an agency with
its licence history and a job order, each written through the service the portal uses.

The package builder modules (tests/<app>/builders.py) re-export these, binding their own defaults through
parameters, so there is one definition of each and one place to change when a service changes.
"""

import datetime
import itertools

from django.utils import timezone

from placements.models import Agency, JobOrder
from placements.services import agency_licence_record, agency_save, job_order_save
from workers.consent import registration_notice
from workers.models import Worker
from workers.nik import build_nik
from workers.services import worker_register

D = datetime.date

SUKADANA = "18.07.01.2001"  # Sukadana, district Sukadana (18.07.01), Kabupaten Lampung Timur (18.07)
LABUHAN_MARINGGAI = "18.07.02.2001"  # Lampung Timur, another district
SURABAYA = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur, 35)

BORN = D(1996, 8, 12)  # the default worker's birth date
LICENCE = ("ISSUED", D(2023, 1, 10), D(2028, 1, 9))  # an agency licence valid through the tests' dates
JOB_ORDER_FROM, JOB_ORDER_UNTIL = D(2026, 1, 1), D(2027, 6, 30)

# One counter for every generated serial and number, so builders never hand out the same one twice.
_serials = itertools.count(1)
_numbers = itertools.count(1)


def make_nik(
    district_code: str = SUKADANA[:8], sex: str = "F", birth_date: datetime.date = BORN, serial: int = 1
) -> str:
    """`PP RR DD DDMMYY SSSS`, with 40 added to the birth day for women (domain.md §4)."""
    return build_nik(district_code=district_code, sex=sex, birth_date=birth_date, serial=serial)


def make_worker(
    village: str = SUKADANA,
    *,
    nik: str | None = None,
    sex: str = "F",
    birth_date: datetime.date = BORN,
    full_name: str = "Siti Aminah",
    serial: int | None = None,
    registered_on: datetime.date | datetime.datetime | None = None,
    **fields,
) -> Worker:
    """A worker of `village` registered through the one registration service.

    `nik` defaults to a valid NIK of her district, sex and birth date with `serial` (a fresh serial each
    call unless given). `registered_on` backdates the registration (a date means noon WIB), since the
    service stamps now. `fields` are the service's own arguments (`village_code`, `phone`, `email`,
    `channel`, ...); `village_code` is another name for `village`."""
    village = fields.pop("village_code", village)
    if nik is None:
        serial = serial if serial is not None else next(_serials) % 9999 + 1
        nik = make_nik(village[:8], sex, birth_date, serial)
    values = {"birth_place": "Sukadana", "phone": "081234567890", "notice_text": registration_notice()}
    values.update(fields)
    worker = worker_register(
        nik=nik, full_name=full_name, sex=sex, birth_date=birth_date, village_code=village, **values
    )
    if registered_on is not None:
        moment = registered_on
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, datetime.time(12), timezone.get_default_timezone())
        Worker.objects.filter(pk=worker.pk).update(created_at=moment)
        worker.created_at = moment
    return worker


def make_agency(
    name: str = "PT Sinar Lampung Sejahtera", licence_number: str | None = None, events=(LICENCE,), **fields
) -> Agency:
    """An agency and its licence history: `events` are (event, effective date, valid until) triples.
    Without `licence_number` it gets a fresh one."""
    number = licence_number or f"KEP.{next(_numbers):03d}/P3MI/2023"
    agency = agency_save(agency=Agency(name=name, licence_number=number, **fields))
    for event, effective, until in events:
        record_licence(agency, event, effective, until)
    return agency


def record_licence(agency: Agency, event: str, effective: datetime.date, until: datetime.date | None = None):
    return agency_licence_record(
        agency=agency, event=event, effective_date=effective, valid_until=until, basis=f"KEP {event}"
    )


def make_job_order(
    number: str | None = None,
    *,
    agency: Agency | None = None,
    country: str = "TW",
    position: str = "CAREGIVER",
    quota: int = 20,
    valid_from: datetime.date = JOB_ORDER_FROM,
    valid_until: datetime.date = JOB_ORDER_UNTIL,
    employer_type: str = "LEGAL_ENTITY",
) -> JobOrder:
    """A job order of `agency` (a new licensed one unless given); without `number` it gets a fresh one."""
    return job_order_save(
        job_order=JobOrder(
            number=number or f"SIP2MI/2026/LPG/{next(_numbers):04d}",
            agency=agency or make_agency(),
            country_id=country,
            position_id=position,
            employer_type=employer_type,
            quota=quota,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )
