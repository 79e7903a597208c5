"""'Pekerjaan saya' on the admin home (issue 15, item 1): counts of what waits in the user's scope, each
equal to the filtered list it links to, counted with a number of queries that does not grow with the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint
from complaints.services import complaint_assign
from dashboards.workbench import workbench_items
from tests.builders import make_worker
from tests.complaints.builders import (
    SURABAYA_VILLAGE,
    make_complaint,
    make_complaints_in_bulk,
    make_supervisor,
)
from tests.rules.builders import JATIM_VILLAGE, evaluate, give_documents, make_placement

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'<a href="([^"]+)" class="workbench-link">([^<]+)</a></th>\s*<td class="workbench-count">(\d+)</td>'
)


def workbench(response) -> list[tuple[str, str, int]]:
    return [
        (label, url.replace("&amp;", "&"), int(n))
        for url, label, n in LINK.findall(response.content.decode())
    ]


@pytest.fixture
def work(settings, office_lampung, office_jatim, officer_lampung):
    """Some of everything in Lampung, and the same out of scope in Jawa Timur."""
    settings.COMPLAINT_INTAKE_OFFICE = office_lampung.code
    make_worker()
    make_worker()  # two registrations waiting
    give_documents(make_worker(), unverified=("MEDICAL", "PASSPORT"))
    evaluate(make_placement(visa_type="TOURIST", official_exit=False))
    make_worker(JATIM_VILLAGE)
    evaluate(make_placement(make_worker(JATIM_VILLAGE), visa_type="TOURIST"))
    mine = make_complaint()
    complaint_assign(complaint=mine, assignee=officer_lampung, actor=officer_lampung, expected_version=1)
    make_complaint()
    late = make_complaint(category="TRAFFICKING")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(weeks=5))
    make_complaint(village_code=SURABAYA_VILLAGE)


@pytest.mark.parametrize("persona", ["officer_lampung", "supervisor", "admin_user"])
def test_each_count_equals_the_list_it_links_to(client, request, work, office_lampung, persona):
    user = make_supervisor(office_lampung) if persona == "supervisor" else request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Pekerjaan saya" in response.content.decode()
    items = workbench(response)
    labels = {label for label, _, _ in items}
    assert {"Pendaftaran yang perlu diverifikasi", "Dokumen yang perlu diperiksa", "Belum ditugaskan",
            "Lewat tenggat", "Ditugaskan kepada saya"} <= labels  # fmt: skip
    assert any(label.startswith("Kritis") for label in labels)
    for label, url, count in items:
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["cl"].result_count == count, (label, url)


def test_the_officer_counts_only_her_scope(client, work, officer_lampung):
    client.force_login(officer_lampung)

    counts = {label: count for label, _, count in workbench(client.get("/admin/"))}

    # Three Lampung registrations (one with documents), not the Jatim ones; the placements' workers too.
    assert counts["Dokumen yang perlu diperiksa"] == 2
    assert counts["Ditugaskan kepada saya"] == 1
    assert counts["Belum ditugaskan"] == 2  # the one of Surabaya is another office's
    assert counts["Lewat tenggat"] == 1
    assert counts["Kritis: kemungkinan tindak pidana"] == 2  # NP-VISA and NP-EXIT of the Lampung placement


def test_a_dprd_viewer_has_no_workbench(dprd_lampungtimur, work):
    assert workbench_items(user=dprd_lampungtimur) == []


def test_the_counts_cost_the_same_queries_for_10_and_1000_complaints(
    office_lampung, officer_lampung, django_assert_num_queries
):
    make_complaints_in_bulk(10, village_codes=["18.07.01.2001", None], office=office_lampung)
    workbench_items(user=officer_lampung)  # the user's scope and permissions are cached after the first call
    with CaptureQueriesContext(connection) as small:
        workbench_items(user=officer_lampung)
    make_complaints_in_bulk(990, village_codes=["18.07.01.2001", None], office=office_lampung)

    with django_assert_num_queries(len(small.captured_queries)):
        groups = workbench_items(user=officer_lampung)

    counts = {item.label: item.count for _, items in groups for item in items}
    assert counts["Belum ditugaskan"] == Complaint.objects.visible_to(officer_lampung).count() == 1000
