"""Small builders for the dashboards tests: workers, placements, flags, returns, complaints and outreach
events in a given village and month. People go through the portal's services; the dates the summary
reads (registration time, complaint times) are then set directly, since the services stamp "now"."""

import datetime
import zoneinfo

from django.utils import timezone

from complaints.choices import Status
from complaints.models import Complaint
from dashboards.periods import Period
from outreach.models import OutreachEvent
from placements.models import Flag, Placement, ReturnRecord
from tests.complaints.builders import make_complaint as file_complaint
from tests.outreach.builders import outreach_event
from tests.placements.builders import make_placement as save_placement
from tests.placements.builders import make_worker as register_worker
from workers.models import Worker

D = datetime.date
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

# The period most tests look at: January to June 2026.
PERIOD = Period(D(2026, 1, 1), D(2026, 6, 1))
BEFORE, AFTER = D(2025, 12, 15), D(2026, 7, 15)  # a day either side of PERIOD

SUKADANA = "18.07.01.2001"  # Lampung Timur, district Sukadana (18.07.01)
PASAR_SUKADANA = "18.07.01.2002"  # the same district
LABUHAN_MARINGGAI = "18.07.02.2001"  # Lampung Timur, another district
LAMPUNG_SELATAN = "18.01.04.2001"  # province 18, another regency
SURABAYA = "35.78.01.1001"  # Jawa Timur

LAMPUNG_TIMUR, SUKADANA_DISTRICT = "18.07", "18.07.01"


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """A moment of `day` in the portal's time zone (WIB)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


def make_worker(village: str = SUKADANA, *, registered_on: datetime.date | datetime.datetime = D(2026, 2, 10)):
    worker = register_worker(village_code=village)
    moment = registered_on if isinstance(registered_on, datetime.datetime) else at(registered_on)
    Worker.objects.filter(pk=worker.pk).update(created_at=moment)
    return worker


def make_placement(
    village: str = SUKADANA,
    *,
    departed_on: datetime.date = D(2026, 3, 10),
    flags: tuple[str, ...] = (),
    flag_status: str = "OPEN",
    worker: Worker | None = None,
    **fields,
) -> Placement:
    """A placement of a new worker of `village` (registered the same day it departs), with `flags` as
    flag rows of `flag_status`."""
    fields = {"phase": "MASA", "departure_date": departed_on, **fields}
    placement = save_placement(worker or make_worker(village, registered_on=departed_on), **fields)
    for rule in flags:
        make_flag(placement, rule, status=flag_status)
    return placement


def make_flag(placement: Placement, rule: str = "NP-AGENCY-UNLICENSED", *, status: str = "OPEN") -> Flag:
    now = timezone.now()
    return Flag.objects.create(
        placement=placement, rule=rule, rule_version=1, severity="H", evidence={}, status=status,
        first_seen_at=now, last_seen_at=now,
    )  # fmt: skip


def make_placements(village: str, count: int, **fields) -> list[Placement]:
    return [make_placement(village, **fields) for _ in range(count)]


def make_return(placement: Placement, *, returned_on: datetime.date, reason: str = "CONTRACT_END"):
    return ReturnRecord.objects.create(placement=placement, return_date=returned_on, reason=reason)


def make_complaint(
    village: str = SUKADANA,
    *,
    received: datetime.datetime,
    category: str = "UNPAID_WAGES",
    closed: datetime.datetime | None = None,
) -> Complaint:
    complaint = file_complaint(village_code=village, category=category)
    changes: dict = {"created_at": received}
    if closed is not None:
        changes.update(status=Status.CLOSED, closed_at=closed)
    Complaint.objects.filter(pk=complaint.pk).update(**changes)
    return complaint


def make_outreach(
    village: str = SUKADANA, *, held_on: datetime.date, male: int = 20, female: int = 25, prospective: int = 9
) -> OutreachEvent:
    event = outreach_event(
        village_id=village, event_date=held_on, participants_male=male, participants_female=female,
        prospective_workers=prospective,
    )  # fmt: skip
    event.save()
    return event
