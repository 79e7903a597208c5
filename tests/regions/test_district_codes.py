"""The district codes a NIK is checked against are read once per process (a registration checks twice), and
read again after the regions are loaded or after ten minutes, so a new decree is seen while the portal runs."""

import time

import pytest
import time_machine

from regions import selectors
from regions.models import HistoricDistrict
from regions.selectors import district_code_known, district_codes_forget, historic_district

pytestmark = pytest.mark.django_db


def test_a_known_code_costs_no_query_once_read(django_assert_num_queries):
    assert district_code_known("18.07.01")
    with django_assert_num_queries(0):
        assert district_code_known("18.07.01") and not district_code_known("99.99.99")
        assert historic_district(code="18.07.01") is None  # a current district: no earlier decree to read


def test_a_code_added_later_is_known_after_a_load_or_ten_minutes():
    assert not district_code_known("94.01.77")
    HistoricDistrict.objects.create(
        code="94.01.77", name="Uji", regency_name="Uji", province_name="Papua", last_listed=2021
    )
    assert not district_code_known("94.01.77")  # still the codes read before

    with time_machine.travel(time.time() + selectors._DISTRICT_CODES_SECONDS + 1):
        assert district_code_known("94.01.77")
    district_codes_forget()  # as a load of the regions does
    assert historic_district(code="94.01.77").name == "Uji"
