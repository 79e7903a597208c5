"""Every admin list page draws its rows once per column (accounts/admin_rows.py, for P5): the rows are the
ones Django's own `items_for_result` draws, character for character, sorted, filtered or plain."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.test import Client
from django.urls import reverse

from accounts import admin_rows
from tests.accounts.world import make_province
from tests.builders import make_worker

pytestmark = pytest.mark.django_db

ROWS = re.compile(r"<tbody>(.*?)</tbody>", re.S)


@pytest.fixture
def signed_in(settings, tmp_path, admin_user, officer_lampung):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    make_province("35")
    make_worker(full_name='Siti "<b>" & O\'Neil')  # text the rows must escape as Django does
    clients = {}
    for user in (admin_user, officer_lampung):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    return clients


def list_urls() -> list[str]:
    urls = []
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        urls += [changelist, f"{changelist}?o=-1"]
    return [
        *urls,
        "/admin/workers/worker/?status__exact=SUBMITTED&o=2",
        "/admin/placements/flag/?regency=18.07",
    ]


def rows(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    found = ROWS.search(response.content.decode()) if response.status_code == 200 else None
    return found.group(1) if found else ""


def test_every_list_page_draws_the_rows_django_draws(signed_in, monkeypatch):
    drawn = 0
    for client in signed_in.values():
        for url in list_urls():
            ours = rows(client, url)
            with monkeypatch.context() as django_rows:
                django_rows.setattr(admin_rows, "results", admin_list.results)
                theirs = rows(client, url)
            assert ours == theirs, url
            drawn += ours.count("<tr>")
    assert drawn > 50  # the world has rows in the registers: the comparison compared something
