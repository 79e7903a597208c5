"""Small, plain builders for the placements tests: agencies with their licence history, job orders, workers
and placements, all written through the same services the portal uses."""

import datetime
import itertools

from placements.models import Placement
from placements.services import placement_save
from tests.builders import (  # noqa: F401 (re-exported: the placement tests import them from here)
    BORN,
    JOB_ORDER_FROM,
    JOB_ORDER_UNTIL,
    LICENCE,
    SUKADANA,
    SURABAYA,
    make_agency,
    make_job_order,
    make_nik,
    make_worker,
)
from workers.models import Worker

D = datetime.date
DAY = datetime.timedelta(days=1)

LAMPUNG_TIMUR_VILLAGE, SURABAYA_VILLAGE = SUKADANA, SURABAYA

SINAR = ("PT Sinar Lampung Sejahtera", "KEP.101/PPTKIS/2023")
GRANT = (LICENCE,)

_external_ids = itertools.count(1)


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
