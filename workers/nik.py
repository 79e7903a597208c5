"""NIK, the 16-digit national identity number: `PP RR DD DDMMYY SSSS` (domain.md §4).

Province, regency and district of first issue; birth date with 40 added to the day for women; a
serial from 0001. `nik_problem` returns the first thing wrong with a NIK, one precise reason, so a
form can tell the person exactly what to fix. It never logs or echoes the number.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class NikProblem(models.TextChoices):
    CHARACTERS = "CHARACTERS", _("A NIK contains digits only.")
    LENGTH = "LENGTH", _("A NIK has exactly 16 digits.")
    REGION = "REGION", _("The first 6 digits of this NIK are not a known district code.")
    DAY = "DAY", _("Digits 7 and 8 of a NIK are the birth day: 01 to 31, or 41 to 71 for women.")
    MONTH = "MONTH", _("Digits 9 and 10 of a NIK are the birth month: 01 to 12.")
    DATE = "DATE", _("The birth date inside this NIK is not a real date.")
    SEX = "SEX", _("This NIK does not match the sex you chose (women have 40 added to the birth day).")
    BIRTH_DATE = "BIRTH_DATE", _("The birth date inside this NIK does not match the birth date you entered.")
    SERIAL = "SERIAL", _("The last 4 digits of a NIK run from 0001.")


@dataclass(frozen=True)
class ParsedNik:
    district_code: str  # dotted Kemendagri code of first issue, e.g. 18.07.01
    sex: str  # "M" or "F"
    day: int
    month: int
    year_2: int
    serial: str

    def birth_date(self, century_from: datetime.date) -> datetime.date | None:
        """The encoded birth date, taking the century from a declared date (None if not a real date)."""
        try:
            return datetime.date(
                century_from.year - century_from.year % 100 + self.year_2, self.month, self.day
            )
        except ValueError:
            return None


def normalise_nik(value: str) -> str:
    return "".join(str(value).split())


def parse_nik(value: str) -> tuple[ParsedNik | None, NikProblem | None]:
    """Structure only (no region lookup, no declared data)."""
    nik = normalise_nik(value)
    if not nik.isascii() or not nik.isdigit():
        return None, NikProblem.CHARACTERS
    if len(nik) != 16:
        return None, NikProblem.LENGTH
    day, month = int(nik[6:8]), int(nik[8:10])
    sex = "F" if day > 40 else "M"
    if sex == "F":
        day -= 40
    if not 1 <= day <= 31:
        return None, NikProblem.DAY
    if not 1 <= month <= 12:
        return None, NikProblem.MONTH
    if nik[12:] == "0000":
        return None, NikProblem.SERIAL
    district = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    return ParsedNik(district, sex, day, month, int(nik[10:12]), nik[12:]), None


def nik_district_code(value: str) -> str | None:
    """The dotted district code of first issue (`91.01.01`), or None for a malformed NIK."""
    parsed, _problem = parse_nik(value)
    return parsed.district_code if parsed else None


def nik_problem(
    value: str,
    *,
    sex: str | None,
    birth_date: datetime.date | None,
    district_exists: Callable[[str], bool],
) -> NikProblem | None:
    """The first problem with `value` against the declared sex and birth date, or None if it is valid."""
    parsed, problem = parse_nik(value)
    if problem or parsed is None:
        return problem
    if not district_exists(parsed.district_code):
        return NikProblem.REGION
    if birth_date is not None:
        encoded = parsed.birth_date(birth_date)
        if encoded is None:
            return NikProblem.DATE
    elif (
        parsed.birth_date(datetime.date(2000, 1, 1)) is None
        and parsed.birth_date(datetime.date(1900, 1, 1)) is None
    ):
        return NikProblem.DATE
    if sex and sex != parsed.sex:
        return NikProblem.SEX
    if birth_date is not None and encoded != birth_date:
        return NikProblem.BIRTH_DATE
    return None


def nik_message(problem: NikProblem) -> str:
    return str(problem.label)


def build_nik(*, district_code: str, sex: str, birth_date: datetime.date, serial: int) -> str:
    """The NIK a person with these details would get (demo data and tests): the inverse of `parse_nik`."""
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"
