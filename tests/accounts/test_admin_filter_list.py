"""Every admin list page draws its filters as Django's admin draws them (accounts/admin_filter_list.py, for
P5): the same HTML, character for character, with choices selected or not and names to escape."""

import re
from pathlib import Path

import django
import pytest
from django.contrib.admin.templatetags import admin_list
from django.test import Client

from accounts import admin_filter_list
from tests.accounts.test_admin_rows import list_urls
from tests.accounts.world import make_province
from tests.builders import make_agency

pytestmark = pytest.mark.django_db

FILTERS = re.compile(r'<nav id="changelist-filter".*?</nav>', re.S)
BLOCK = re.compile(r"{% block filters %}.*?{% endblock %}", re.S)
PROJECT_CHANGE_LIST = Path(__file__).resolve().parents[2] / "templates" / "admin" / "change_list.html"


@pytest.fixture
def signed_in(settings, tmp_path, admin_user, officer_lampung):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    make_province("18")
    make_province("35")
    make_agency(name='PT "Maju" & <Jaya>')  # a choice the links and labels must escape as Django does
    clients = []
    for user in (admin_user, officer_lampung):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def filters(client, url: str) -> str:
    response = client.get(url)
    found = FILTERS.search(response.content.decode()) if response.status_code == 200 else None
    return found.group(0) if found else ""


def test_every_list_page_draws_the_filters_django_draws(signed_in, monkeypatch):
    urls = [
        *list_urls(),
        "/admin/placements/placement/?phase__exact=MASA",
        "/admin/workers/worker/?regency=18",
    ]
    choices = 0
    for client in signed_in:
        for url in urls:
            ours = filters(client, url)
            with monkeypatch.context() as django_filters:
                django_filters.setattr(admin_filter_list, "list_filter", admin_list.admin_list_filter)
                theirs = filters(client, url)
            assert ours == theirs, url
            choices += ours.count("<li")
    assert choices > 100  # the pages have filters with choices: the comparison compared something


def test_a_chosen_value_and_names_to_escape_are_drawn(signed_in):
    placements = filters(signed_in[0], "/admin/placements/placement/?phase__exact=MASA")
    assert '<li class="selected">\n    <a href="?phase__exact=MASA">' in placements
    flags = filters(signed_in[0], "/admin/placements/flag/")
    assert "PT &quot;Maju&quot; &amp; &lt;Jaya&gt;" in flags


def test_the_filters_block_is_djangos_with_only_the_tag_changed():
    """The project's change list copies Django's `filters` block to call its own tag: a Django upgrade that
    changes the block fails here rather than drifting silently."""
    django_template = Path(django.__file__).parent / "contrib/admin/templates/admin/change_list.html"
    theirs = BLOCK.search(django_template.read_text()).group(0)
    ours = BLOCK.search(PROJECT_CHANGE_LIST.read_text()).group(0)
    assert ours == theirs.replace("{% admin_list_filter cl spec %}", "{% fast_list_filter cl spec %}")


def test_no_list_page_renders_a_template_per_choice(signed_in):
    for url in ("/admin/placements/placement/", "/admin/placements/flag/", "/admin/workers/worker/"):
        response = signed_in[0].get(url)
        rendered = [template.name for template in response.templates]
        assert admin_filter_list.TEMPLATE in rendered, url
        assert admin_filter_list.DJANGO_TEMPLATE not in rendered, url
