"""A job order's quota: how many places are used (the one definition in selectors.py), its state on a
date, and what the public job-order check tells a worker at the last place."""

import pytest
from django.utils import timezone

from placements.models import JobOrder
from placements.selectors import job_order_quota_used, job_order_state, job_orders_with_usage
from tests.placements.builders import DAY, D, make_agency, make_job_order, make_placement
from tests.placements.pages import text_of

pytestmark = pytest.mark.django_db

VALID_FROM, VALID_UNTIL = D(2026, 1, 1), D(2027, 6, 30)
ON = D(2026, 11, 27)


def state_on(job_order: JobOrder, on) -> str:
    return job_order_state(job_order=job_orders_with_usage().get(pk=job_order.pk), on=on)


def fill(job_order: JobOrder, places: int) -> None:
    for _ in range(places):
        make_placement(job_order=job_order)


@pytest.fixture
def job_order():
    return make_job_order(quota=3, valid_from=VALID_FROM, valid_until=VALID_UNTIL)


def test_a_new_job_order_has_used_no_places_and_is_open(job_order):
    assert job_order_quota_used(job_order=job_order) == 0
    assert state_on(job_order, ON) == "OPEN"


def test_one_place_below_the_quota_the_job_order_is_still_open(job_order):
    fill(job_order, 2)

    assert job_order_quota_used(job_order=job_order) == 2
    assert state_on(job_order, ON) == "OPEN"


def test_at_exactly_the_quota_the_job_order_is_full(job_order):
    fill(job_order, 3)

    assert job_order_quota_used(job_order=job_order) == 3
    assert state_on(job_order, ON) == "FULL"


def test_every_phase_counts_against_the_quota(job_order):
    make_placement(job_order=job_order, phase="PRA")
    make_placement(job_order=job_order, phase="MASA", departure_date=D(2026, 5, 4))
    make_placement(job_order=job_order, phase="PURNA", departure_date=D(2024, 5, 4))

    assert state_on(job_order, ON) == "FULL"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (VALID_FROM - DAY, "NOT_YET"),
        (VALID_FROM, "OPEN"),
        (VALID_UNTIL, "OPEN"),
        (VALID_UNTIL + DAY, "EXPIRED"),
    ],
)
def test_a_job_order_is_open_only_from_its_first_to_its_last_valid_day(job_order, on, expected):
    assert state_on(job_order, on) == expected


def test_validity_is_decided_before_the_quota(job_order):
    fill(job_order, 3)

    assert state_on(job_order, VALID_UNTIL + DAY) == "EXPIRED"
    assert state_on(job_order, VALID_FROM - DAY) == "NOT_YET"


def test_usage_of_many_job_orders_is_counted_per_job_order_in_one_query(django_assert_num_queries):
    agency = make_agency()
    first = make_job_order("SIP2MI/A", agency=agency, quota=5)
    second = make_job_order("SIP2MI/B", agency=agency, quota=5)
    untouched = make_job_order("SIP2MI/C", agency=agency, quota=5)
    fill(first, 1)
    fill(second, 3)

    with django_assert_num_queries(1):
        usage = {j.number: j.quota_used for j in job_orders_with_usage().order_by("id")}

    assert usage == {first.number: 1, second.number: 3, untouched.number: 0}


def check(client, number: str):
    return client.get("/cek-job-order/", {"number": number})


@pytest.fixture
def open_today():
    today = timezone.localdate()
    return make_job_order(quota=3, valid_from=today - 30 * DAY, valid_until=today + 300 * DAY)


def test_the_public_check_shows_the_places_left_before_the_quota_is_reached(client, open_today):
    fill(open_today, 2)

    result = text_of(check(client, open_today.number), "job-order-result")

    assert "2 dari 3 tempat terisi, sisa 1 tempat" in result
    assert "Job order ini berlaku hari ini dan masih ada tempat." in result
    assert "penuh" not in result


def test_the_public_check_says_the_quota_is_full_once_the_last_place_is_taken(client, open_today):
    fill(open_today, 3)

    response = check(client, open_today.number)
    result = text_of(response, "job-order-result")

    assert response.status_code == 200
    assert "3 dari 3 tempat terisi" in result
    assert "sisa" not in result
    assert "Kuota penuh: tidak ada tempat lagi." in result
    assert "masih ada tempat" not in result


def test_the_public_check_never_shows_a_negative_number_of_places(client, open_today):
    fill(open_today, 4)  # recorded beyond the quota: a case for NP-JOBORDER, not a negative count

    result = text_of(check(client, open_today.number), "job-order-result")

    assert "4 dari 3 tempat terisi" in result
    assert "sisa" not in result
    assert "Kuota penuh" in result
