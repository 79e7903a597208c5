"""Builders for the data-rights tests: a registered person with the NIK they prove themselves with,
requests filed through the one service, and the payloads of the public page and the API."""

import itertools

from datarights.choices import IdentifiedBy, RequestChannel
from datarights.models import DataRequest
from datarights.services import data_request_file
from tests.builders import BORN, SUKADANA, make_nik, make_worker
from workers.models import Worker

_serials = itertools.count(7001)


def registered(village: str = SUKADANA, **fields) -> tuple[Worker, str]:
    """A registered worker and her NIK (which the portal stores only encrypted)."""
    nik = make_nik(village[:8], "F", BORN, next(_serials))
    return make_worker(village, nik=nik, **fields), nik


def identity(worker: Worker, nik: str) -> dict:
    return {
        "identified_by": IdentifiedBy.REGISTRATION,
        "reference": worker.registration_number,
        "nik": nik,
        "birth_date": worker.birth_date,
    }


def file_request(
    worker: Worker | None = None, nik: str = "", kind: str = "ACCESS", **overrides
) -> tuple[DataRequest, str]:
    """A request filed through the one service, by `worker` proving who she is (or by whatever identity
    `overrides` give), from the web form."""
    fields = {"kind": kind, "channel": RequestChannel.WEB, **(identity(worker, nik) if worker else {})}
    fields.update(overrides)
    return data_request_file(**fields)


def page_data(worker: Worker, nik: str, /, **overrides) -> dict:
    """A POST of /hak-data/ asking for access, as the person types it."""
    data = {
        "kind": "ACCESS",
        "identified_by": "REGISTRATION",
        "reference": worker.registration_number.lower(),
        "nik": nik,
        "birth_date": worker.birth_date.isoformat(),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def api_data(worker: Worker, nik: str, /, **overrides) -> dict:
    data = {
        "kind": "ACCESS",
        "identified_by": "REGISTRATION",
        "reference": worker.registration_number,
        "nik": nik,
        "birth_date": worker.birth_date.isoformat(),
    }
    data.update(overrides)
    return data
