"""Reading one row of placements.csv into checked values, with the reference data loaded once."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from placements.choices import POSITION_ALIASES, EmployerType, RecruiterType, ReturnReason, Scheme, VisaType
from placements.models import Agency, Country, JobOrder, Position
from portal import crypto
from portal import exchange as ex
from portal.identifiers import register_number_normalise as normalise
from regions.models import Village
from regions.selectors import district_codes
from workers.choices import Phase, Sex

# Read per row of a file: the enums' `.values` builds a new list on every access.
SEXES, PHASES = frozenset(Sex.values), frozenset(Phase.values)
SCHEMES, RECRUITER_TYPES = frozenset(Scheme.values), frozenset(RecruiterType.values)
EMPLOYER_TYPES, VISA_TYPES = frozenset(EmployerType.values), frozenset(VisaType.values)
RETURN_REASONS = frozenset(ReturnReason.values)


@dataclass
class Lookups:
    villages: set[str]
    districts: dict[str, bool]  # every code a NIK may carry: True for a code of an earlier decree
    countries: set[str]
    positions: set[str]  # the codes and their accepted aliases
    agencies: dict[str, int]
    job_orders: dict[str, int]

    @classmethod
    def load(cls) -> "Lookups":
        current, historic = district_codes()
        return cls(
            villages=set(Village.objects.values_list("code", flat=True)),
            districts=dict.fromkeys(current, False) | dict.fromkeys(historic, True),
            countries=set(Country.objects.values_list("code", flat=True)),
            positions=set(Position.objects.values_list("code", flat=True)) | set(POSITION_ALIASES),
            agencies={normalise(n): pk for n, pk in Agency.objects.values_list("licence_number", "id")},
            job_orders={normalise(n): pk for n, pk in JobOrder.objects.values_list("number", "id")},
        )


@dataclass
class PlacementRow:
    line: int
    external_id: str
    nik: str
    person: dict[str, Any]  # full_name, sex, birth_date, village_code: needed only for a new worker
    values: dict[str, Any]  # placement fields except worker_id
    return_values: dict[str, Any] | None


def parse_placement(line: int, row: dict[str, str], lk: Lookups) -> PlacementRow:
    """Every column is read even after an error, so that the report lists all of a row's errors."""
    check = ex.RowCheck()
    nik = crypto.normalise(check(ex.text, row, "nik", required=True, max_length=24) or "")
    village = check(ex.text, row, "village_code", max_length=13) or ""
    if village and village not in lk.villages:
        check.add("village_code", _("No village has this Kemendagri code."))
    person = {
        "full_name": check(ex.text, row, "full_name", max_length=150),
        "sex": check(ex.choice, row, "sex", SEXES),
        "birth_date": check(ex.date, row, "birth_date"),
        "village_code": village,
    }
    country = (check(ex.text, row, "destination_country", max_length=2) or "").upper()
    if country and country not in lk.countries:
        check.add("destination_country", _("Unknown ISO 3166-1 alpha-2 country code."))
    position = check(ex.choice, row, "position", lk.positions)
    position = POSITION_ALIASES.get(position, position)
    licence = normalise(check(ex.text, row, "agency_licence_number", max_length=60) or "")
    job_order = normalise(check(ex.text, row, "job_order_number", max_length=60) or "")
    values: dict[str, Any] = {
        "scheme": check(ex.choice, row, "scheme", SCHEMES, required=True),
        "agency_licence_number": licence,
        "agency_id": lk.agencies.get(licence),
        "job_order_number": job_order,
        "job_order_id": lk.job_orders.get(job_order),
        "recruiter_type": check(ex.choice, row, "recruiter_type", RECRUITER_TYPES),
        "recruiter_name": check(ex.text, row, "recruiter_name", max_length=150),
        "recruiter_phone": check(ex.phone, row, "recruiter_phone"),
        "destination_country_id": country or None,
        "position_id": position or None,
        "employer_type": check(ex.choice, row, "employer_type", EMPLOYER_TYPES),
        "visa_type": check(ex.choice, row, "visa_type", VISA_TYPES),
        "recruited_date": check(ex.date, row, "recruited_date"),
        "departure_date": check(ex.date, row, "departure_date"),
        "exit_point": check(ex.text, row, "exit_point", max_length=100),
        "official_exit": check(ex.boolean, row, "official_exit"),
        "contract_months": check(ex.integer, row, "contract_months", maximum=240),
        "bpjs_valid_until": check(ex.date, row, "bpjs_valid_until"),
        "opp_date": check(ex.date, row, "opp_date"),
        "fees_charged_idr": check(ex.integer, row, "fees_charged_idr"),
        "phase": check(ex.choice, row, "phase", PHASES) or Phase.PRA,
    }
    if "bpjs_valid_from" in row:  # a later column: a file without it leaves the recorded start alone
        values["bpjs_valid_from"] = check(ex.date, row, "bpjs_valid_from")
    return_date = check(ex.date, row, "return_date")
    return_reason = check(ex.choice, row, "return_reason", RETURN_REASONS)
    if bool(return_date) != bool(return_reason) and not check.failed("return_date", "return_reason"):
        column = "return_reason" if return_date else "return_date"
        check.add(column, _("Give both the return date and the return reason, or neither."))
    departure_date = values["departure_date"]
    if return_date and departure_date and return_date < departure_date:
        check.add("return_date", _("The return date is before the departure date."))
    external_id = check(ex.text, row, "external_id", required=True, max_length=100)
    check.done()
    return PlacementRow(
        line=line,
        external_id=external_id,
        nik=nik,
        person=person,
        values=values,
        return_values={"return_date": return_date, "reason": return_reason} if return_date else None,
    )
