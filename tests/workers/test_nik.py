"""NIK validation (domain.md §4): one precise reason per problem, in Bahasa Indonesia and English."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from regions.models import District
from tests.conftest import load_reference_data
from tests.workers.builders import NIK_FAILURES, make_nik
from workers.nik import NikProblem, nik_message, nik_problem

# Real Kemendagri district codes: Sukadana (Lampung Timur), Karang Pilang (Surabaya), Bakongan (Aceh Selatan).
SAMPLE_DISTRICTS = ["18.07.01", "35.78.01", "11.01.01"]
BIRTH = datetime.date(1999, 5, 17)


@pytest.fixture(scope="module")
def district_codes(django_db_blocker) -> frozenset[str]:
    """Every district code, read once: hypothesis examples must not each query the database."""
    with django_db_blocker.unblock():
        if not District.objects.exists():  # a transactional test ran first and emptied the tables
            load_reference_data()
        return frozenset(District.objects.values_list("code", flat=True))


@pytest.fixture(scope="module")
def known(district_codes):
    return lambda code: code in district_codes


def check(nik: str, known, sex: str | None = "F", birth_date: datetime.date | None = BIRTH):
    return nik_problem(nik, sex=sex, birth_date=birth_date, district_exists=known)


# (NIK, declared sex, declared birth date, expected problem)
EXAMPLES = [
    ("18070157059900a1", "F", BIRTH, NikProblem.CHARACTERS),
    ("1807-0157-0599-01", "F", BIRTH, NikProblem.CHARACTERS),
    ("１８０７０１５７０５９９０００１", "F", BIRTH, NikProblem.CHARACTERS),  # full-width digits
    ("180701570599001", "F", BIRTH, NikProblem.LENGTH),
    ("18070157059900011", "F", BIRTH, NikProblem.LENGTH),
    ("9999995705990001", "F", BIRTH, NikProblem.REGION),
    ("1807995705990001", "F", BIRTH, NikProblem.REGION),  # regency 18.07 exists, district 18.07.99 does not
    ("1807010005990001", "M", BIRTH, NikProblem.DAY),
    ("1807013205990001", "M", BIRTH, NikProblem.DAY),
    ("1807014005990001", "M", BIRTH, NikProblem.DAY),
    ("1807017205990001", "F", BIRTH, NikProblem.DAY),
    ("1807011700990001", "M", BIRTH, NikProblem.MONTH),
    ("1807011713990001", "M", BIRTH, NikProblem.MONTH),
    ("1807013102990001", "M", datetime.date(1999, 2, 28), NikProblem.DATE),  # 31 February
    ("1807017102990001", "F", datetime.date(1999, 2, 28), NikProblem.DATE),  # 31 February, a woman
    ("1807012902010001", "M", datetime.date(2001, 2, 28), NikProblem.DATE),  # 29 Feb 2001: not a leap year
    ("1807012902000001", "M", datetime.date(1900, 3, 1), NikProblem.DATE),  # century from the declared date
    ("1807015705990001", "M", BIRTH, NikProblem.SEX),
    ("1807011705990001", "F", BIRTH, NikProblem.SEX),
    ("1807015705990001", "F", datetime.date(1999, 5, 18), NikProblem.BIRTH_DATE),
    ("1807015705990001", "F", datetime.date(2000, 5, 17), NikProblem.BIRTH_DATE),  # year 99 read as 2099
    ("1807015705990000", "F", BIRTH, NikProblem.SERIAL),
]


@pytest.mark.parametrize(("nik", "sex", "birth_date", "expected"), EXAMPLES)
def test_each_malformed_nik_gets_its_own_precise_problem(known, nik, sex, birth_date, expected):
    assert check(nik, known, sex=sex, birth_date=birth_date) == expected


def test_every_kind_of_problem_has_an_example():
    assert {expected for *_rest, expected in EXAMPLES} == set(NikProblem)
    assert set(NIK_FAILURES) == set(NikProblem.values)


@pytest.mark.parametrize(
    ("nik", "sex", "birth_date"),
    [
        ("1807015705990001", "F", BIRTH),
        ("1807011705990001", "M", BIRTH),
        ("1807016902000001", "F", datetime.date(2000, 2, 29)),  # 29 Feb 2000, a leap year
        ("3578010101250001", "M", datetime.date(2025, 1, 1)),
        ("1807 0157 0599 0001", "F", BIRTH),  # spaces as people type them
    ],
)
def test_a_well_formed_nik_matching_the_declared_data_is_valid(known, nik, sex, birth_date):
    assert check(nik, known, sex=sex, birth_date=birth_date) is None


def test_without_a_declared_date_a_date_real_in_some_century_is_accepted(known):
    assert check("1807012902000001", known, sex="M", birth_date=None) is None
    assert check("1807013102990001", known, sex="M", birth_date=None) == NikProblem.DATE


def test_the_sample_districts_exist_in_the_region_table(district_codes):
    assert set(SAMPLE_DISTRICTS) <= district_codes


@pytest.mark.parametrize("problem", list(NikProblem))
def test_each_problem_reads_in_indonesian_and_in_english(problem):
    with translation.override("id"):
        indonesian = nik_message(problem)
    with translation.override("en"):
        english = nik_message(problem)

    _overrides, expected_indonesian, expected_english = NIK_FAILURES[problem.value]
    assert indonesian == expected_indonesian
    assert english == expected_english
    assert indonesian != english


def test_no_two_problems_share_a_message():
    for language in ("id", "en"):
        with translation.override(language):
            messages = [nik_message(problem) for problem in NikProblem]
        assert len(set(messages)) == len(NikProblem)


# Dates a registrant may declare (at most 100 years ago, not in the future).
birth_dates = st.dates(min_value=datetime.date(1926, 1, 1), max_value=datetime.date(2008, 12, 31))
sexes = st.sampled_from(["F", "M"])
serials = st.integers(min_value=1, max_value=9999)


@settings(max_examples=150, deadline=None)
@given(district=st.sampled_from(SAMPLE_DISTRICTS), birth_date=birth_dates, sex=sexes, serial=serials)
def test_any_nik_built_from_real_data_is_valid_against_that_data(known, district, birth_date, sex, serial):
    nik = make_nik(district, sex, birth_date, serial)

    assert check(nik, known, sex=sex, birth_date=birth_date) is None


@settings(max_examples=150, deadline=None)
@given(district=st.sampled_from(SAMPLE_DISTRICTS), birth_date=birth_dates, sex=sexes, serial=serials)
def test_declaring_the_other_sex_is_a_sex_problem(known, district, birth_date, sex, serial):
    nik = make_nik(district, sex, birth_date, serial)
    other = {"F": "M", "M": "F"}[sex]

    assert check(nik, known, sex=other, birth_date=birth_date) == NikProblem.SEX


@settings(max_examples=150, deadline=None)
@given(
    district=st.sampled_from(SAMPLE_DISTRICTS),
    birth_date=birth_dates,
    sex=sexes,
    serial=serials,
    shift=st.sampled_from([-1, 1]),
)
def test_declaring_a_date_one_day_off_is_a_birth_date_problem(
    known, district, birth_date, sex, serial, shift
):
    nik = make_nik(district, sex, birth_date, serial)
    declared = birth_date + datetime.timedelta(days=shift)

    assert check(nik, known, sex=sex, birth_date=declared) == NikProblem.BIRTH_DATE


def _not_a_digit(ch: str) -> bool:
    # Whitespace is dropped before checking (people type NIKs in groups), so it is not a wrong character.
    return not (ch.isascii() and ch.isdigit()) and not ch.isspace()


@settings(max_examples=150, deadline=None)
@given(
    before=st.text(alphabet="0123456789", max_size=16),
    bad=st.characters().filter(_not_a_digit),
    after=st.text(max_size=16),
)
def test_any_text_with_a_non_digit_is_a_characters_problem(known, before, bad, after):
    assert check(before + bad + after, known) == NikProblem.CHARACTERS


@settings(max_examples=150, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=40).filter(lambda s: len(s) != 16))
def test_any_digit_string_not_16_long_is_a_length_problem(known, digits):
    assert check(digits, known) == NikProblem.LENGTH
