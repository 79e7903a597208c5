"""Small builders for the dashboards tests: workers, placements, flags, returns, complaints and outreach
events in a given village and month. People go through the portal's services; the dates the summary
reads (registration time, complaint times) are then set directly, since the services stamp "now"."""

import datetime
import functools
import zoneinfo

from django.utils import timezone

from complaints.choices import Status
from complaints.models import Complaint
from dashboards.periods import Period
from outreach.models import OutreachEvent
from placements.models import Flag, Placement, ReturnRecord
from tests.builders import LABUHAN_MARINGGAI, SUKADANA, SURABAYA
from tests.builders import make_worker as register_worker
from tests.complaints.builders import make_complaint as file_complaint
from tests.outreach.builders import outreach_event
from tests.placements.builders import make_placement as save_placement
from workers.models import Worker

D = datetime.date
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

# The period most tests look at: January to June 2026.
PERIOD = Period(D(2026, 1, 1), D(2026, 6, 1))
BEFORE, AFTER = D(2025, 12, 15), D(2026, 7, 15)  # a day either side of PERIOD
MARCH_10 = D(2026, 3, 10)  # when a placement departs and its worker registers, unless told otherwise

PASAR_SUKADANA = "18.07.01.2002"  # the same district as SUKADANA
LAMPUNG_SELATAN = "18.01.04.2001"  # province 18, another regency

LAMPUNG_TIMUR, SUKADANA_DISTRICT = "18.07", "18.07.01"


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """A moment of `day` in the portal's time zone (WIB)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


# Dashboard workers register the day their placement departs (MARCH_10) unless told otherwise.
make_worker = functools.partial(register_worker, registered_on=MARCH_10)


def make_placement(
    village: str = SUKADANA,
    *,
    departed_on: datetime.date = MARCH_10,
    registered_on: datetime.date | None = None,
    flags: tuple[str, ...] = (),
    flag_status: str = "OPEN",
    worker: Worker | None = None,
    **fields,
) -> Placement:
    """A placement of a new worker of `village` (registered the day it departs unless told otherwise),
    with `flags` as flag rows of `flag_status`."""
    fields = {"phase": "MASA", "departure_date": departed_on, **fields}
    worker = worker or make_worker(village, registered_on=registered_on or departed_on)
    placement = save_placement(worker, **fields)
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


def make_world() -> None:
    """Data in three Lampung Timur villages (two districts), Lampung Selatan and Surabaya, with a little
    before and after PERIOD."""
    make_placements(SUKADANA, 6)
    make_placement(SUKADANA, departed_on=D(2026, 4, 2), flags=("NP-AGENCY-UNLICENSED", "NP-DOCS"))
    make_placement(
        SUKADANA, departed_on=D(2026, 1, 20), flags=("NP-DOCS",), flag_status="CONFIRMED",
        destination_country_id="MY", position_id="HOUSEKEEPER",
    )  # fmt: skip
    make_placement(SUKADANA, flags=("NP-OPP",), flag_status="DISMISSED")  # not live: procedural
    make_placement(SUKADANA, departed_on=BEFORE, flags=("NP-EXIT",))  # before the period
    make_placement(PASAR_SUKADANA, scheme="G2G", destination_country_id="KR", position_id="MANUFACTURING")
    returned = make_placement(PASAR_SUKADANA, phase="PURNA", departed_on=D(2024, 2, 1))
    make_return(returned, returned_on=D(2026, 5, 3), reason="DEPORTED")
    make_placement(
        LABUHAN_MARINGGAI, phase="PRA", departure_date=None, recruited_date=D(2026, 6, 28),
        registered_on=D(2026, 6, 1),
    )  # fmt: skip
    make_worker(LABUHAN_MARINGGAI, registered_on=D(2026, 2, 3))
    make_worker(LABUHAN_MARINGGAI, registered_on=AFTER)

    make_complaint(SUKADANA, received=at(D(2026, 2, 1)), closed=at(D(2026, 2, 11)))
    make_complaint(SUKADANA, received=at(D(2026, 3, 5), 8), category="ABUSE", closed=at(D(2026, 3, 5), 17))
    make_complaint(PASAR_SUKADANA, received=at(D(2026, 5, 20)), category="ILLNESS")
    make_complaint(LABUHAN_MARINGGAI, received=at(AFTER))
    make_outreach(SUKADANA, held_on=D(2026, 2, 14))
    make_outreach(SUKADANA, held_on=D(2026, 5, 2), male=7, female=3, prospective=2)
    make_outreach(LABUHAN_MARINGGAI, held_on=BEFORE)

    make_placements(LAMPUNG_SELATAN, 2)
    make_placement(LAMPUNG_SELATAN, flags=("NP-BPJS",))
    make_placements(SURABAYA, 3, destination_country_id="HK")
    make_complaint(SURABAYA, received=at(D(2026, 4, 9)), category="DETENTION")
    make_outreach(SURABAYA, held_on=D(2026, 4, 1))
