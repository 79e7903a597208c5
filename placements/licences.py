"""The licence status of an agency on a date, derived from its licence history (one place for it).

Rules: an issue or renewal makes the licence valid from its effective date through `valid_until`
(inclusive); a suspension holds from its effective date through its `valid_until` (or until lifted);
a lift of suspension ends it; a revocation is final. Events on the same date apply in id order.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from placements.choices import LicenceEvent, LicenceStatus


@dataclass(frozen=True)
class LicenceState:
    status: LicenceStatus
    valid_from: datetime.date | None = None  # start of the current grant
    valid_until: datetime.date | None = None  # end of the current grant
    since: datetime.date | None = None  # when the current status began (suspension, revocation, expiry)
    basis: str = ""


def licence_state(events: Iterable, on: datetime.date) -> LicenceState:
    """`events`: AgencyLicence rows (or anything with event, effective_date, valid_until, basis, id)."""
    grant_from = grant_until = None
    suspended_from = suspended_until = None
    revoked_on = None
    basis = ""
    for event in sorted(events, key=lambda e: (e.effective_date, e.id or 0)):
        if event.effective_date > on:
            break
        if event.event in (LicenceEvent.ISSUED, LicenceEvent.RENEWED):
            if grant_until is None or event.effective_date > grant_until + datetime.timedelta(days=1):
                grant_from = (
                    event.effective_date
                )  # a new grant after a gap (a renewal the next day is no gap)
            grant_until = event.valid_until
            basis = event.basis
        elif event.event == LicenceEvent.SUSPENDED:
            suspended_from, suspended_until, basis = event.effective_date, event.valid_until, event.basis
        elif event.event == LicenceEvent.REINSTATED:
            suspended_from = suspended_until = None
        elif event.event == LicenceEvent.REVOKED:
            revoked_on, basis = event.effective_date, event.basis
    if revoked_on is not None:
        return LicenceState(LicenceStatus.REVOKED, grant_from, grant_until, revoked_on, basis)
    if grant_until is None:
        return LicenceState(LicenceStatus.NONE)
    if suspended_from is not None and (suspended_until is None or on <= suspended_until):
        return LicenceState(LicenceStatus.SUSPENDED, grant_from, grant_until, suspended_from, basis)
    if on > grant_until:
        return LicenceState(
            LicenceStatus.EXPIRED, grant_from, grant_until, grant_until + datetime.timedelta(days=1), basis
        )
    return LicenceState(LicenceStatus.VALID, grant_from, grant_until, grant_from, basis)
