"""A list page of people counts only the pages near the one shown (issue 16, P5 and P5b): never every row
of the scope or of an unfiltered register, and the page says when the count stopped short."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.admin_scoping import PAGES_AHEAD
from tests.builders import make_worker
from tests.rules.builders import evaluate, make_placement

pytestmark = pytest.mark.django_db


def _counts(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize(("page", "per_page"), [(1, 50), (3, 50)])
def test_the_flag_queue_counts_only_the_pages_near_the_one_shown(client, admin_user, page, per_page):
    evaluate(make_placement(visa_type="TOURIST"), rules=["NP-VISA"])
    client.force_login(admin_user)
    counts = _counts(client, f"/admin/placements/flag/?p={page}" if page > 1 else "/admin/placements/flag/")
    assert counts and all(f"LIMIT {(page + PAGES_AHEAD) * per_page}" in sql for sql in counts), counts


def test_the_workers_register_counts_a_few_pages_and_says_when_there_are_more(
    client, admin_user, monkeypatch
):
    from workers.admin import WorkerAdmin

    monkeypatch.setattr(WorkerAdmin, "list_per_page", 1)
    for serial in range(1, 14):
        make_worker(full_name=f"Pekerja {serial}", serial=serial)
    client.force_login(admin_user)

    counts = _counts(client, "/admin/workers/worker/")
    assert all(f"LIMIT {1 + PAGES_AHEAD}" in sql for sql in counts), counts
    page = client.get("/admin/workers/worker/").content.decode()
    assert f"{1 + PAGES_AHEAD} atau lebih" in page  # 13 workers: counted to 11, shown as "11 or more"


def test_a_short_list_shows_its_exact_count(client, admin_user):
    make_worker()
    client.force_login(admin_user)
    page = client.get("/admin/workers/worker/").content.decode()
    assert "atau lebih" not in page


def test_each_row_keeps_djangos_action_checkbox(client, admin_user):
    worker = make_worker()
    client.force_login(admin_user)
    page = client.get("/admin/workers/worker/").content.decode()
    assert 'id="action-toggle"' in page
    assert (
        f'<input type="checkbox" name="_selected_action" value="{worker.pk}" class="action-select" '
        f'aria-label="Pilih objek ini untuk suatu aksi - {worker}">'
    ) in page


def test_the_checkbox_escapes_a_row_as_format_html_does():
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from accounts.admin_scoping import ScopedAdminMixin

    class Row:
        pk = '7"&<'

        def __str__(self):
            return 'Siti "<b>" & Co\'s'

    label = format_html(gettext("Select this object for an action - {}"), Row())
    djangos = format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
        "_selected_action",
        Row.pk,
        label,
    )

    assert ScopedAdminMixin.action_checkbox(None, Row()) == djangos


def test_a_list_page_works_out_its_actions_once(client, admin_user, monkeypatch):
    from django.contrib.admin import ModelAdmin

    make_worker()
    client.force_login(admin_user)
    checked = []
    original = ModelAdmin._filter_actions_by_permissions
    monkeypatch.setattr(
        ModelAdmin,
        "_filter_actions_by_permissions",
        lambda self, request, actions: checked.append(1) or original(self, request, actions),
    )

    page = client.get("/admin/workers/worker/").content.decode()

    assert 'name="action"' in page and len(checked) == 1
