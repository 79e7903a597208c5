"""An agency's licence status on a date, at its boundaries: the one selector `agency_licence_on` and the
pure `licence_state` it delegates to (placements/licences.py)."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.licences import licence_state
from placements.models import Agency
from placements.selectors import agencies_with_history, agency_licence_on
from tests.placements.builders import DAY, D, make_agency

pytestmark = pytest.mark.django_db

ISSUED_ON, LAST_DAY = D(2023, 1, 10), D(2028, 1, 9)


def status_on(agency: Agency, on: datetime.date) -> str:
    return agency_licence_on(agency=agency, on=on).status


@pytest.fixture
def agency():
    return make_agency(events=[("ISSUED", ISSUED_ON, LAST_DAY)])


def test_a_licence_is_valid_on_its_first_day(agency):
    state = agency_licence_on(agency=agency, on=ISSUED_ON)

    assert (state.status, state.valid_from, state.valid_until) == ("VALID", ISSUED_ON, LAST_DAY)


def test_a_licence_is_still_valid_on_its_valid_until_date(agency):
    assert status_on(agency, LAST_DAY) == "VALID"


def test_a_licence_has_expired_the_day_after_its_valid_until_date(agency):
    state = agency_licence_on(agency=agency, on=LAST_DAY + DAY)

    assert (state.status, state.since, state.valid_until) == ("EXPIRED", LAST_DAY + DAY, LAST_DAY)


def test_there_is_no_licence_the_day_before_it_was_issued(agency):
    state = agency_licence_on(agency=agency, on=ISSUED_ON - DAY)

    assert (state.status, state.valid_from, state.valid_until) == ("NONE", None, None)


def test_an_agency_without_any_licence_event_has_no_licence():
    assert status_on(make_agency(events=[]), D(2026, 1, 1)) == "NONE"


def test_a_renewal_after_a_gap_starts_a_new_grant():
    agency = make_agency(
        events=[("ISSUED", D(2019, 1, 1), D(2023, 12, 31)), ("RENEWED", D(2024, 3, 1), D(2029, 2, 28))]
    )

    assert status_on(agency, D(2024, 2, 29)) == "EXPIRED"
    state = agency_licence_on(agency=agency, on=D(2024, 3, 1))
    assert (state.status, state.valid_from, state.valid_until) == ("VALID", D(2024, 3, 1), D(2029, 2, 28))


def test_a_renewal_before_the_end_keeps_the_grant_going_from_its_first_issue():
    agency = make_agency(
        events=[("ISSUED", D(2019, 1, 1), D(2023, 12, 31)), ("RENEWED", D(2023, 11, 1), D(2028, 12, 31))]
    )

    state = agency_licence_on(agency=agency, on=D(2024, 6, 1))
    assert (state.status, state.valid_from, state.valid_until) == ("VALID", D(2019, 1, 1), D(2028, 12, 31))


def test_a_renewal_starting_the_day_after_the_old_licence_ends_keeps_valid_from():
    agency = make_agency(
        events=[("ISSUED", D(2019, 1, 1), D(2023, 12, 31)), ("RENEWED", D(2024, 1, 1), D(2028, 12, 31))]
    )

    state = agency_licence_on(agency=agency, on=D(2024, 6, 1))
    assert (state.status, state.valid_from) == ("VALID", D(2019, 1, 1))


def test_a_suspension_holds_from_its_effective_date_through_its_last_day_then_the_licence_is_valid_again():
    agency = make_agency(
        events=[("ISSUED", ISSUED_ON, LAST_DAY), ("SUSPENDED", D(2026, 3, 1), D(2026, 5, 31))]
    )

    assert status_on(agency, D(2026, 2, 28)) == "VALID"
    suspended = agency_licence_on(agency=agency, on=D(2026, 3, 1))
    assert (suspended.status, suspended.since) == ("SUSPENDED", D(2026, 3, 1))
    assert status_on(agency, D(2026, 5, 31)) == "SUSPENDED"
    assert status_on(agency, D(2026, 6, 1)) == "VALID"


def test_a_suspension_without_an_end_lasts_until_it_is_lifted():
    agency = make_agency(
        events=[
            ("ISSUED", ISSUED_ON, LAST_DAY),
            ("SUSPENDED", D(2026, 3, 1), None),
            ("REINSTATED", D(2026, 4, 15), None),
        ]
    )

    assert status_on(agency, D(2026, 4, 14)) == "SUSPENDED"
    assert status_on(agency, D(2026, 4, 15)) == "VALID"


def test_a_revocation_holds_from_its_date_on():
    agency = make_agency(events=[("ISSUED", ISSUED_ON, LAST_DAY), ("REVOKED", D(2025, 8, 20), None)])

    assert status_on(agency, D(2025, 8, 19)) == "VALID"
    revoked = agency_licence_on(agency=agency, on=D(2025, 8, 20))
    assert (revoked.status, revoked.since) == ("REVOKED", D(2025, 8, 20))
    assert status_on(agency, LAST_DAY + DAY) == "REVOKED"


def test_a_revocation_is_final_even_if_a_licence_is_issued_again_later():
    # The code never clears a revocation (licences.py: "a revocation is final"); a P3MI whose SIP3MI
    # was revoked would need a new legal entity. Asked of the domain owner in the report.
    agency = make_agency(
        events=[
            ("ISSUED", D(2019, 1, 1), D(2023, 12, 31)),
            ("REVOKED", D(2021, 5, 1), None),
            ("ISSUED", D(2024, 1, 1), D(2028, 12, 31)),
        ]
    )

    assert status_on(agency, D(2025, 1, 1)) == "REVOKED"


def test_events_dated_in_the_future_do_not_count_yet():
    agency = make_agency(
        events=[
            ("ISSUED", ISSUED_ON, LAST_DAY),
            ("SUSPENDED", D(2026, 12, 1), None),
            ("REVOKED", D(2027, 1, 1), None),
        ]
    )

    assert status_on(agency, D(2026, 11, 30)) == "VALID"
    assert status_on(agency, D(2026, 12, 1)) == "SUSPENDED"
    not_yet = make_agency("PT Baru", "KEP.900/P3MI/2026", [("ISSUED", D(2027, 1, 1), LAST_DAY)])
    assert status_on(not_yet, D(2026, 12, 31)) == "NONE"


def test_today_is_the_default_date():
    agency = make_agency(events=[("ISSUED", ISSUED_ON, LAST_DAY)])

    with time_machine.travel(datetime.datetime(2028, 1, 9, 12, tzinfo=datetime.UTC)):
        assert agency_licence_on(agency=agency).status == "VALID"
    with time_machine.travel(datetime.datetime(2028, 1, 10, 12, tzinfo=datetime.UTC)):
        assert agency_licence_on(agency=agency).status == "EXPIRED"


def test_the_selector_reads_prefetched_history_without_another_query():
    make_agency(events=[("ISSUED", ISSUED_ON, LAST_DAY), ("SUSPENDED", D(2026, 3, 1), None)])
    agency = agencies_with_history(Agency.objects.all()).get()

    with CaptureQueriesContext(connection) as queries:
        state = agency_licence_on(agency=agency, on=D(2026, 3, 1))

    assert state.status == "SUSPENDED"
    assert len(queries) == 0


def event(kind: str, effective: datetime.date, until: datetime.date | None = None, id: int = 0):
    return SimpleNamespace(event=kind, effective_date=effective, valid_until=until, basis=kind, id=id)


@pytest.mark.parametrize(
    ("order", "expected"),
    [((1, 2), "VALID"), ((2, 1), "SUSPENDED")],
    ids=["suspended-then-lifted", "lifted-then-suspended"],
)
def test_events_on_the_same_day_apply_in_the_order_they_were_recorded(order, expected):
    suspend_id, lift_id = order
    events = [
        event("ISSUED", ISSUED_ON, LAST_DAY, id=0),
        event("REINSTATED", D(2026, 3, 1), id=lift_id),
        event("SUSPENDED", D(2026, 3, 1), id=suspend_id),
    ]

    assert licence_state(events, D(2026, 3, 1)).status == expected


def test_the_pure_function_does_not_depend_on_the_order_it_is_given_the_events():
    events = [
        event("SUSPENDED", D(2026, 3, 1), D(2026, 5, 31), id=2),
        event("ISSUED", ISSUED_ON, LAST_DAY, id=1),
    ]

    assert licence_state(events, D(2026, 4, 1)).status == "SUSPENDED"
    assert licence_state(reversed(events), D(2026, 6, 1)).status == "VALID"
