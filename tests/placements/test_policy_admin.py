"""Policy data is edited by admins (domain.md §9): country policies with their source, special channels with
their positions and designated agencies, and positions with their zero-cost dates. An edit re-evaluates the
placements it concerns once it commits."""

import pytest

from placements.models import CountryPolicy, Flag, Position
from tests.rules.builders import D, make_placement

pytestmark = pytest.mark.django_db


def test_the_special_channel_page_shows_its_source_positions_and_designated_agencies(client, admin_user):
    client.force_login(admin_user)
    [spsk] = CountryPolicy.objects.filter(country_id="SA", status="SPECIAL_CHANNEL")

    response = client.get(f"/admin/placements/countrypolicy/{spsk.pk}/change/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "P3MI yang ditunjuk" in text
    assert "jabatan dalam kanal" in text
    assert "291/2018" in text
    assert spsk.source[:40] in text


def test_an_admin_moves_a_positions_zero_cost_date_and_its_placements_are_evaluated_again(
    client, admin_user, django_capture_on_commit_callbacks
):
    placement = make_placement(job_order=None, position_id="NURSE", fees_charged_idr=5_000_000)
    client.force_login(admin_user)
    form = {"code": "NURSE", "is_domestic": "", "is_zero_cost": "on", "zero_cost_from": "2026-01-01",
            "zero_cost_until": "", "legal_basis": "Uji coba", "source": "Keputusan uji coba"}  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/placements/position/NURSE/change/", form)

    assert response.status_code == 302
    assert Position.objects.get(pk="NURSE").zero_cost_from == D(2026, 1, 1)
    assert Flag.objects.get(placement=placement, rule="NP-FEES").status == "OPEN"
