"""The floor pages and the trivial view of the benchmarks exist only in the harness's own URLconf."""

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

BENCH_PATHS = ["/bench/trivial/", "/bench/floor/workers/", "/bench/floor/worker/"]


@pytest.mark.parametrize("path", BENCH_PATHS)
def test_the_benchmark_pages_are_not_in_the_portals_urls(path):
    with pytest.raises(Resolver404):
        resolve(path)


@pytest.mark.parametrize("path", BENCH_PATHS)
def test_the_benchmark_pages_are_in_the_harness_urls(path):
    assert resolve(path, urlconf="benchmarks.urls").url_name.startswith("bench-")


@pytest.mark.django_db
def test_a_production_request_for_the_trivial_view_is_a_404(client):
    assert client.get("/bench/trivial/").status_code == 404


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_the_harness_serves_the_trivial_view_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/trivial/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_a_floor_page_shows_nothing_to_an_anonymous_visitor(client):
    assert client.get("/bench/floor/workers/").status_code == 404
