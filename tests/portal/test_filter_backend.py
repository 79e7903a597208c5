"""The API's filter backend builds django-filter's FilterSet only for a request that names one of its filters
(portal/api.py, for P6): the same rows and the same refusals, a millisecond less on a list that filters
nothing."""

import django_filters
import pytest
from django.test import RequestFactory
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from placements.models import Flag
from portal.api import FilterBackend

pytestmark = pytest.mark.django_db


class SeverityFilter(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=[("H", "High")])
    rule_version = django_filters.RangeFilter()  # read as rule_version_min and rule_version_max


class View:
    filterset_class = SeverityFilter


def filtered(query: str, monkeypatch) -> tuple[list[str], int]:
    built = []
    init = SeverityFilter.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(SeverityFilter, "__init__", counting)
    request = Request(RequestFactory().get(f"/api/v1/flags/?{query}"))
    queryset = Flag.objects.all()
    return str(FilterBackend().filter_queryset(request, queryset, View()).query), len(built)


def test_a_request_naming_no_filter_does_not_build_the_set(monkeypatch):
    sql, built = filtered("page_size=5", monkeypatch)

    assert built == 0
    assert sql == str(Flag.objects.all().query)


@pytest.mark.parametrize("query", ["severity=H", "rule_version_min=2"])
def test_a_request_naming_a_filter_is_filtered(monkeypatch, query):
    sql, built = filtered(query, monkeypatch)

    assert built == 1
    assert "WHERE" in sql


def test_a_bad_value_is_still_refused(monkeypatch):
    with pytest.raises(ValidationError) as refused:
        filtered("severity=nonsense", monkeypatch)
    assert "severity" in refused.value.detail


def test_a_set_with_a_required_filter_is_always_built(monkeypatch):
    monkeypatch.setitem(SeverityFilter.base_filters["severity"].extra, "required", True)

    with pytest.raises(ValidationError) as refused:
        filtered("", monkeypatch)
    assert "severity" in refused.value.detail
