"""Notes for the officer about a registration, shown before any flag exists. None refuses anything: an old
NIK district code is valid (domain.md §4), and the law sets the minimum age at departure, not at
registration (NP-AGE checks that).

Reads only the worker row and what the worker admin preloads (`nik_old_district__successor__regency`).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from workers.models import Worker

MINIMUM_AGE = 18


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor_today(worker: Worker) -> bool:
    return age_on(worker.birth_date, timezone.localdate()) < MINIMUM_AGE


def worker_warnings(worker: Worker) -> list[str]:
    """What the officer should know about this registration, one sentence each."""
    notes = []
    if is_minor_today(worker):
        notes.append(
            _(
                "Under 18 today (age %(age)d). Not refused: the minimum age of 18 applies on the departure "
                "date; check the planned departure before it is set."
            )
            % {"age": age_on(worker.birth_date, timezone.localdate())}
        )
    old = worker.nik_old_district
    if old is not None:
        values = {
            "old": f"{old.code} {old.name}",
            "old_regency": old.regency_name,
            "old_province": old.province_name,
            "year": old.last_listed,
        }
        if old.successor is not None:
            values.update(
                new=f"{old.successor.code} {old.successor.name}", new_regency=old.successor.regency.name
            )
            notes.append(
                _(
                    "The NIK carries district %(old)s (%(old_regency)s, %(old_province)s) of an earlier decree, "
                    "last listed in %(year)d; today it is district %(new)s (%(new_regency)s). The NIK is valid: "
                    "it keeps the district where it was first issued."
                )
                % values
            )
        else:
            notes.append(
                _(
                    "The NIK carries district %(old)s (%(old_regency)s, %(old_province)s) of an earlier decree, "
                    "last listed in %(year)d, with no single current district. The NIK is valid: it keeps the "
                    "district where it was first issued."
                )
                % values
            )
    return notes


def worker_warning_labels(worker: Worker) -> list[str]:
    """The same notes in a word or two, for the list of registrations."""
    labels = []
    if is_minor_today(worker):
        labels.append(_("under 18"))
    if worker.nik_old_district_id:
        labels.append(_("old NIK district"))
    return labels
