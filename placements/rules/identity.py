"""Who the worker is: age and identity number."""

import datetime

from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from placements.models import Severity
from placements.rules.base import Example, Reads, Rule, ymd

NP_AGE = Rule(
    code="NP-AGE",
    version=1,
    severity=Severity.CRITICAL,
    basis=_("UU 18/2017 art. 5, art. 80"),
    title=_("Under 18 on the day of departure"),
    explanation=_(
        "A migrant worker must be at least 18 years old on the day of departure. Placing a child is a crime."
    ),
    condition=lambda qs: (
        qs.filter(departure_date__isnull=False, worker__birth_date__isnull=False)
        .alias(age_ymd=ymd("departure_date") - ymd("worker__birth_date"))
        .filter(age_ymd__lt=Value(180000))
    ),
    evidence={"birth_date": "worker__birth_date", "departure_date": "departure_date"},
    examples=(
        Example(
            person={"born": datetime.date(2009, 3, 1)}, row={"departure_date": "2026-12-15", "phase": "PRA"}
        ),
    ),
    reads=frozenset({Reads.WORKER}),
)

NP_NIK = Rule(
    code="NP-NIK",
    version=1,
    severity=Severity.HIGH,
    basis=_("UU 18/2017 art. 79"),
    title=_("NIK malformed or inconsistent"),
    explanation=_(
        "The identity number is malformed, or the birth date or sex it encodes differs from the declared ones. "
        "False identity data is a crime."
    ),
    condition=lambda qs: qs.exclude(worker__nik_issue=""),
    evidence={
        "nik_problem": "worker__nik_issue",
        "declared_sex": "worker__sex",
        "declared_birth_date": "worker__birth_date",
    },
    # The declared birth date is a day after the one the NIK encodes.
    examples=(Example(person={"declared_birth": datetime.date(1996, 8, 13)}),),
    reads=frozenset({Reads.WORKER}),
)
