"""The licence status on a date is computed twice: in Python for the public agency check
(placements.licences.licence_state via placements.selectors.agency_licence_on) and in SQL for the rules
(placements.rules.licensing.licence_valid_on). Over a grid of dates around every event of several licence
histories, both must say VALID on exactly the same days. (Histories on which they disagree today are the
xfail tests of test_rule_licensing.py.)"""

import pytest

from placements.models import Placement
from placements.rules.licensing import licence_valid_on
from placements.selectors import agency_licence_on
from tests.rules.builders import DAY, D, make_agency, make_placement

pytestmark = pytest.mark.django_db

HISTORIES = {
    "one grant": [("ISSUED", D(2024, 1, 10), D(2025, 1, 9))],
    "renewed without a gap": [
        ("ISSUED", D(2024, 1, 10), D(2025, 1, 9)),
        ("RENEWED", D(2025, 1, 10), D(2026, 1, 9)),
    ],
    "renewed after a gap": [
        ("ISSUED", D(2024, 1, 10), D(2025, 1, 9)),
        ("RENEWED", D(2025, 3, 1), D(2026, 2, 28)),
    ],
    "renewed early for longer": [
        ("ISSUED", D(2024, 1, 10), D(2025, 1, 9)),
        ("RENEWED", D(2024, 11, 1), D(2026, 10, 31)),
    ],
    "suspended until lifted": [
        ("ISSUED", D(2024, 1, 10), D(2026, 1, 9)),
        ("SUSPENDED", D(2024, 6, 1), None),
        ("REINSTATED", D(2024, 8, 15), None),
    ],
    "suspended for a fixed period": [
        ("ISSUED", D(2024, 1, 10), D(2026, 1, 9)),
        ("SUSPENDED", D(2024, 6, 1), D(2024, 6, 30)),
    ],
    "suspended and lifted the same day": [
        ("ISSUED", D(2024, 1, 10), D(2026, 1, 9)),
        ("SUSPENDED", D(2024, 6, 1), None),
        ("REINSTATED", D(2024, 6, 1), None),
    ],
    "suspended twice, each lifted": [
        ("ISSUED", D(2024, 1, 10), D(2026, 1, 9)),
        ("SUSPENDED", D(2024, 3, 1), None),
        ("REINSTATED", D(2024, 4, 1), None),
        ("SUSPENDED", D(2024, 9, 1), D(2024, 10, 1)),
    ],
    "renewed while suspended": [
        ("ISSUED", D(2024, 1, 10), D(2025, 1, 9)),
        ("SUSPENDED", D(2024, 12, 1), None),
        ("RENEWED", D(2025, 1, 10), D(2026, 1, 9)),
        ("REINSTATED", D(2025, 2, 1), None),
    ],
    "revoked": [("ISSUED", D(2024, 1, 10), D(2029, 1, 9)), ("REVOKED", D(2025, 8, 20), None)],
    "suspended then revoked": [
        ("ISSUED", D(2024, 1, 10), D(2029, 1, 9)),
        ("SUSPENDED", D(2025, 2, 1), None),
        ("REVOKED", D(2025, 5, 1), None),
    ],
    "lifted before any suspension": [
        ("REINSTATED", D(2023, 12, 1), None),
        ("ISSUED", D(2024, 1, 10), D(2025, 1, 9)),
    ],
    "no event at all": [],
}


def grid(events) -> list:
    """Every 10 days over the history, plus the day before, of, and after every event boundary."""
    days = {D(2023, 12, 1) + n * 10 * DAY for n in range(100)}
    for _event, effective, until in events:
        for boundary in (effective, until):
            if boundary:
                days |= {boundary - DAY, boundary, boundary + DAY}
    return sorted(days)


def valid_days_in_sql(placement: Placement, days: list) -> list:
    """One copy of the placement per day, departing that day (bulk-inserted: only the SQL condition is under
    test here), and one query for the days the licence is valid."""
    Placement.objects.bulk_create(
        Placement(worker=placement.worker, agency=placement.agency, scheme="P2P", external_id=f"GRID-{day}",
                  departure_date=day)
        for day in days
    )  # fmt: skip
    valid = Placement.objects.filter(external_id__startswith="GRID-").filter(
        licence_valid_on("departure_date")
    )
    return sorted(valid.values_list("departure_date", flat=True))


@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_the_public_check_and_the_rule_find_the_licence_valid_on_the_same_days(history):
    agency = make_agency(events=history)
    placement = make_placement(agency=agency, job_order=None, documents=False)
    days = grid(history)

    in_python = [day for day in days if agency_licence_on(agency=agency, on=day).status == "VALID"]

    assert valid_days_in_sql(placement, days) == in_python


def test_the_grid_sees_both_valid_and_invalid_days():
    # Guards the table above: a history that is valid on none of its days would agree trivially.
    history = HISTORIES["suspended until lifted"]
    agency = make_agency(events=history)
    days = grid(history)
    statuses = {agency_licence_on(agency=agency, on=day).status for day in days}

    assert statuses == {"NONE", "VALID", "SUSPENDED", "EXPIRED"}
