"""The officer's queue of data requests: scoped like every person's record, due 3×24 hours after receipt,
overdue when read after that (the clock moved with time-machine), and counted in 'Pekerjaan saya'."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog
from dashboards.workbench import workbench_items
from datarights.selectors import data_request_work_counts
from tests.builders import SURABAYA
from tests.datarights.builders import file_request, registered
from tests.workers.pages import text_of

pytestmark = pytest.mark.django_db

RECEIVED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
QUEUE = "/admin/datarights/datarequest/"


def counts(user) -> dict[str, int]:
    return {item.label: item.count for _, items in workbench_items(user=user) for item in items}


def listed(client, **params) -> list[str]:
    page = client.get(QUEUE, params)
    assert page.status_code == 200
    return sorted(re.findall(r"HAK-[A-Z2-9]{5}-[A-Z2-9]{5}", page.content.decode()))


@pytest.fixture
def lampung_request(office_lampung):
    with time_machine.travel(RECEIVED, tick=False):
        worker, nik = registered()
        data_request, _code = file_request(worker, nik)
    return data_request


def test_the_deadline_is_three_times_24_hours_and_shows(client, officer_lampung, lampung_request):
    assert lampung_request.due_at == RECEIVED + datetime.timedelta(hours=72)
    client.force_login(officer_lampung)
    with time_machine.travel(RECEIVED + datetime.timedelta(hours=71), tick=False):
        page = client.get(f"{QUEUE}{lampung_request.pk}/change/")
        assert "5 Nov. 2026, 16.00" in page.content.decode()  # 09:00 UTC is 16:00 in Jakarta
        assert text_of(page, "request-overdue") is None
        assert counts(officer_lampung) == {**counts(officer_lampung), "Permintaan data yang menunggu": 1,
                                           "Permintaan data lewat tenggat": 0}  # fmt: skip


def test_past_its_deadline_a_request_is_overdue_when_read(client, officer_lampung, lampung_request):
    client.force_login(officer_lampung)
    with time_machine.travel(RECEIVED + datetime.timedelta(hours=72, minutes=1), tick=False):
        assert text_of(client.get(f"{QUEUE}{lampung_request.pk}/change/"), "request-overdue")
        assert listed(client, queue="overdue") == [lampung_request.number]
        assert data_request_work_counts(user=officer_lampung) == {"due": 1, "overdue": 1}
        assert counts(officer_lampung)["Permintaan data lewat tenggat"] == 1


def test_a_decided_request_is_no_longer_due_nor_overdue(client, officer_lampung, lampung_request):
    client.force_login(officer_lampung)
    client.post(f"{QUEUE}{lampung_request.pk}/act/fulfil/")
    with time_machine.travel(RECEIVED + datetime.timedelta(days=10), tick=False):
        assert data_request_work_counts(user=officer_lampung) == {"due": 0, "overdue": 0}
        assert listed(client, queue="due") == []


def test_an_officer_sees_only_requests_of_her_scope(client, officer_lampung, officer_jatim, lampung_request):
    worker, nik = registered(SURABAYA)
    jatim_request, _code = file_request(worker, nik)
    client.force_login(officer_jatim)
    assert listed(client) == [jatim_request.number]
    assert client.get(f"{QUEUE}{lampung_request.pk}/change/").status_code == 404
    assert client.post(f"{QUEUE}{lampung_request.pk}/act/fulfil/").status_code == 404
    assert data_request_work_counts(user=officer_jatim) == {"due": 1, "overdue": 0}


def test_opening_a_request_is_logged(client, officer_lampung, lampung_request):
    client.force_login(officer_lampung)
    client.get(f"{QUEUE}{lampung_request.pk}/change/")
    assert AccessLog.objects.filter(subject_type="data_request", subject_id=str(lampung_request.pk)).exists()


def test_the_queue_costs_the_same_queries_for_10_and_40_requests(
    client, officer_lampung, django_assert_num_queries
):
    worker, nik = registered()
    for _ in range(10):
        file_request(worker, nik)
    client.force_login(officer_lampung)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    for _ in range(30):
        file_request(worker, nik)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(QUEUE)
    assert len(re.findall(r"HAK-[A-Z2-9]{5}-[A-Z2-9]{5}", page.content.decode())) == 40
    assert timezone.now()  # the list is read now, with overdue computed in the same query
