"""A village asks BP3MI for an outreach session at /desa/sosialisasi/: the request lands in the outreach
register as "requested" for the officers of the village's region, and counts as outreach on the DPRD pages
only once an officer records it held. The page also shows the village's own outreach history."""

import datetime

import pytest
from django.utils import timezone

from dashboards.models import Metric, RegionMonthStat
from dashboards.services import summary_refresh
from outreach.models import OutreachEvent
from tests.builders import LABUHAN_MARINGGAI, SUKADANA
from tests.outreach.builders import make_outreach_event, make_outreach_events_in_bulk

DAY = datetime.timedelta(days=1)


def request_form(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "topic": "ILLEGAL_RECRUITMENT",
        "preferred_from": (today + 14 * DAY).isoformat(),
        "preferred_until": (today + 30 * DAY).isoformat(),
        "expected_participants": "60",
        "note": "Balai desa, setelah pengajian",
        **overrides,
    }


def test_a_request_lands_in_the_register_as_requested(desk, village_officer, office_lampung):
    response = desk.post("/desa/sosialisasi/", request_form())
    assert response.status_code == 302
    event = OutreachEvent.objects.get()
    today = timezone.localdate()
    assert (event.status, event.village_id, event.requested_by, event.office) == (
        "REQUESTED", SUKADANA, village_officer, office_lampung,
    )  # fmt: skip
    assert (event.preferred_from, event.preferred_until, event.expected_participants) == (
        today + 14 * DAY, today + 30 * DAY, 60,
    )  # fmt: skip
    assert event.participants == 0 and event.notes == "Balai desa, setelah pengajian"


def test_officers_of_the_region_see_the_request_and_others_do_not(
    desk, client, officer_lampung, officer_jatim
):
    desk.post("/desa/sosialisasi/", request_form())
    event = OutreachEvent.objects.get()
    client.force_login(officer_lampung)
    listed = client.get("/admin/outreach/outreachevent/", {"status__exact": "REQUESTED"}).content.decode()
    assert f"/admin/outreach/outreachevent/{event.pk}/change/" in listed
    client.force_login(officer_jatim)
    assert client.get(f"/admin/outreach/outreachevent/{event.pk}/change/").status_code in (302, 404)
    listed = client.get("/admin/outreach/outreachevent/").content.decode()
    assert f"/admin/outreach/outreachevent/{event.pk}/change/" not in listed


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"preferred_from": "2020-01-01", "preferred_until": ""}, "preferred_from"),
        ({"preferred_until": timezone.localdate().isoformat()}, "preferred_until"),
        ({"expected_participants": "0"}, "expected_participants"),
    ],
)
def test_a_request_that_cannot_be_met_is_refused_on_its_field(desk, overrides, field):
    response = desk.post("/desa/sosialisasi/", request_form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {field}
    assert not OutreachEvent.objects.exists()


def test_only_held_sessions_count_as_outreach_on_the_dprd_pages(desk, officer_lampung):
    desk.post("/desa/sosialisasi/", request_form(preferred_from=timezone.localdate().isoformat()))
    summary_refresh()
    counted = RegionMonthStat.objects.filter(region_code=SUKADANA, metric=Metric.OUTREACH_EVENTS)
    assert not counted.exists()
    make_outreach_event(user=officer_lampung, village_id=SUKADANA)
    summary_refresh()
    assert sum(counted.values_list("value", flat=True)) == 1


def test_the_history_shows_the_village_own_events_requested_and_held(desk, officer_lampung):
    make_outreach_event(user=officer_lampung, village_id=SUKADANA, organiser="Disnaker Lampung Timur")
    make_outreach_event(
        user=officer_lampung, village_id=LABUHAN_MARINGGAI, organiser="SBMI Labuhan Maringgai"
    )
    desk.post("/desa/sosialisasi/", request_form())
    html = desk.get("/desa/sosialisasi/").content.decode()
    assert "Disnaker Lampung Timur" in html and "SBMI Labuhan Maringgai" not in html
    assert html.count('<span class="status">') == 2


@pytest.mark.parametrize("rows", [10, 40])
def test_the_history_costs_the_same_queries_for_few_or_many(desk, rows, django_assert_num_queries):
    make_outreach_events_in_bulk(rows, village_codes=[SUKADANA])
    with django_assert_num_queries(QUERIES):
        response = desk.get("/desa/sosialisasi/")
    assert response.content.decode().count('<span class="status">') == rows


# The session with its user, her roles and device (accounts/sessions.py), then the page's own.
QUERIES = 4
