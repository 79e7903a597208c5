"""Reference data read on every registration and list page (the district codes a NIK is checked against, the
region filter's provinces and regencies) is read once per process, and again after the regions are loaded or
after ten minutes, so a new decree is seen while the portal runs."""

import time

import pytest
import time_machine

from regions import selectors
from regions.models import HistoricDistrict
from regions.selectors import district_code_known, historic_district, region_reference_forget

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

    with time_machine.travel(time.time() + selectors._REFERENCE_SECONDS + 1):
        assert district_code_known("94.01.77")
    region_reference_forget()  # as a load of the regions does
    assert historic_district(code="94.01.77").name == "Uji"


def test_the_region_filter_reads_provinces_and_regencies_once_per_process(django_assert_num_queries):
    from regions.models import Province
    from regions.selectors import provinces, regencies_of

    assert ("18", "LAMPUNG") in [(code, name.upper()) for code, name in provinces()]
    assert any(code == "18.07" for code, _name in regencies_of("18"))
    with django_assert_num_queries(0):
        provinces(), regencies_of("18"), regencies_of("35")

    Province.objects.filter(code="18").update(name="Lampung Baru")
    region_reference_forget()  # as a load of the regions does
    assert ("18", "Lampung Baru") in provinces()


def test_a_village_is_known_without_a_query_once_read_and_a_new_one_at_once(django_assert_num_queries):
    from regions.models import District, Village
    from regions.selectors import village_exists

    assert village_exists("18.07.01.2001")
    with django_assert_num_queries(0):
        assert village_exists("18.07.01.2001")  # every registration asks: the kept codes answer
    assert not village_exists("18.07.01.9999")
    district = District.objects.get(code="18.07.01")
    Village.objects.create(code="18.07.01.9999", name="Desa Baru", district=district)
    assert village_exists("18.07.01.9999")  # not among the kept codes: looked up, found at once
