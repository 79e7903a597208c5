"""The flag queue's page count walks only as far as the pages near the one shown, never every open flag
in the officer's scope (issue 16, P5b: the page must not grow with the number of open flags)."""

import pytest
from django.contrib.admin import site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.admin_flags import QUEUE_PAGES_AHEAD, FlagAdmin
from placements.models import Flag
from tests.rules.builders import evaluate, make_placement

pytestmark = pytest.mark.django_db

QUEUE = "/admin/placements/flag/"


def _count_sql(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if '"placements_flag"' in q["sql"] and "COUNT(" in q["sql"].upper()
    ]


@pytest.mark.parametrize(
    ("page", "limit"), [(1, (1 + QUEUE_PAGES_AHEAD) * 50), (3, (3 + QUEUE_PAGES_AHEAD) * 50)]
)
def test_the_queue_counts_only_the_pages_near_the_one_shown(client, admin_user, page, limit):
    evaluate(make_placement(visa_type="TOURIST"), rules=["NP-VISA"])
    client.force_login(admin_user)
    url = QUEUE if page == 1 else f"{QUEUE}?p={page}"
    counts = _count_sql(client, url)
    assert counts and all(f"LIMIT {limit}" in sql for sql in counts), counts


def test_the_queue_still_shows_its_flag_and_the_count_is_exact_when_small(rf, admin_user):
    placement = make_placement(visa_type="TOURIST")
    evaluate(placement, rules=["NP-VISA"])
    request = rf.get(QUEUE, {"p": "not-a-number"})
    request.user = admin_user
    admin = FlagAdmin(Flag, site)
    paginator = admin.get_paginator(request, admin.get_queryset(request), 50)
    assert paginator.count == Flag.objects.filter(placement=placement).count() == 1
