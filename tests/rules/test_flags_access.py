"""Who sees flags and reviews them: officers within their office's regions, in the review queue of the admin
and in GET /api/v1/flags/; DPRD viewers and API clients never. The API list carries the export fields of
exchange-format.md, never a NIK or a name; lists cost the same number of queries for 10 or 200 flags."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from placements.models import Flag, FlagReview
from placements.rules import RULES, engine
from placements.services import flag_dismiss
from tests.rules.builders import (
    JATIM_VILLAGE,
    D,
    evaluate,
    flag_of,
    give_documents,
    make_nik,
    make_placement,
    make_worker,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/flags/"
QUEUE = "/admin/placements/flag/"
EXPORT_FIELDS = {
    "external_id", "rule", "rule_version", "severity", "status", "evidence", "first_seen_at", "last_seen_at",
}  # fmt: skip
LAMPUNG_NIK = make_nik(serial=7001)
LAMPUNG_NAME = "Sumarni Binti Karta"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def change_url(flag) -> str:
    return f"{QUEUE}{flag.pk}/change/"


def review_url(flag, decision) -> str:
    return f"{QUEUE}{flag.pk}/review/{decision}/"


@pytest.fixture
def lampung():
    """A Lampung Timur placement on a tourist visa, through an unofficial exit, without orientation: NP-VISA
    and NP-EXIT (critical) and NP-OPP (high)."""
    worker = make_worker(nik=LAMPUNG_NIK, full_name=LAMPUNG_NAME)
    give_documents(worker)
    placement = make_placement(worker, external_id="LTIM-FLAG-1", visa_type="TOURIST", official_exit=False,
                               exit_point="Pelabuhan Dumai", opp_date=None)  # fmt: skip
    evaluate(placement)
    assert set(Flag.objects.filter(placement=placement).values_list("rule", flat=True)) == {
        "NP-VISA", "NP-EXIT", "NP-OPP",
    }  # fmt: skip
    return placement


@pytest.fixture
def jatim():
    worker = make_worker(village=JATIM_VILLAGE, full_name="Wartini Jatim")
    placement = make_placement(worker, external_id="JATIM-FLAG-1", visa_type="TOURIST")
    evaluate(placement)
    return placement


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# The API


def test_an_officer_lists_the_flags_of_placements_in_her_region_with_the_export_fields(
    officer_lampung, lampung, jatim
):
    response = api_as(officer_lampung).get(API)

    rows = results(response)
    assert sorted((r["external_id"], r["rule"]) for r in rows) == [
        ("LTIM-FLAG-1", "NP-EXIT"), ("LTIM-FLAG-1", "NP-OPP"), ("LTIM-FLAG-1", "NP-VISA"),
    ]  # fmt: skip
    assert {frozenset(r) for r in rows} == {frozenset(EXPORT_FIELDS | {"id"})}
    visa = next(r for r in rows if r["rule"] == "NP-VISA")
    assert (visa["severity"], visa["status"], visa["evidence"]) == ("C", "OPEN", {"visa_type": "TOURIST"})
    assert visa["rule_version"] == RULES["NP-VISA"].version


def test_the_flag_list_shows_no_nik_and_no_name(officer_lampung, lampung):
    content = api_as(officer_lampung).get(API).content.decode()

    assert "LTIM-FLAG-1" in content
    assert LAMPUNG_NIK not in content
    assert LAMPUNG_NAME not in content


def test_the_flag_list_filters_by_rule(officer_lampung, lampung):
    assert [r["rule"] for r in results(api_as(officer_lampung).get(API, {"rule": "NP-OPP"}))] == ["NP-OPP"]


def test_the_flag_list_filters_by_severity_whatever_its_case(officer_lampung, lampung):
    rows = results(api_as(officer_lampung).get(API, {"severity": "c"}))

    assert sorted(r["rule"] for r in rows) == ["NP-EXIT", "NP-VISA"]


def test_the_flag_list_filters_by_status(officer_lampung, lampung):
    flag_dismiss(flag=flag_of(lampung, "NP-OPP"), reviewer=officer_lampung, reason="OPP tercatat di LTSA.")

    rows = results(api_as(officer_lampung).get(API, {"status": "DISMISSED"}))

    assert [(r["rule"], r["status"]) for r in rows] == [("NP-OPP", "DISMISSED")]
    assert len(results(api_as(officer_lampung).get(API, {"status": "OPEN"}))) == 2


def test_an_officer_of_another_province_lists_none_of_them(officer_jatim, lampung):
    assert results(api_as(officer_jatim).get(API)) == []


def test_a_dprd_viewer_is_refused_the_flag_list(dprd_lampungtimur, lampung):
    assert api_as(dprd_lampungtimur).get(API).status_code == 403


def test_an_api_client_of_the_regency_is_refused_the_flag_list(token_api, lampung):
    assert token_api.get(API).status_code == 403


def test_an_anonymous_caller_is_refused_the_flag_list(api, lampung):
    assert api.get(API).status_code in (401, 403)


# The review queue in the admin


def test_an_officer_of_another_province_gets_404_on_the_flag_page(client, officer_jatim, lampung):
    client.force_login(officer_jatim)

    assert client.get(change_url(flag_of(lampung, "NP-VISA"))).status_code == 404


def test_an_officer_of_another_province_cannot_review_the_flag(client, officer_jatim, lampung):
    client.force_login(officer_jatim)
    flag = flag_of(lampung, "NP-VISA")

    assert client.post(review_url(flag, "confirm"), {"reason": ""}).status_code == 404
    assert (flag_of(lampung, "NP-VISA").status, FlagReview.objects.count()) == ("OPEN", 0)


def first_seen(placement, rule: str, day: int) -> None:
    first = datetime.datetime(2026, 5, day, 8, 0, tzinfo=datetime.UTC)
    Flag.objects.filter(placement=placement, rule=rule).update(first_seen_at=first)


def test_the_queue_shows_open_flags_critical_first_then_oldest(client, officer_lampung, lampung, jatim):
    visit = make_placement(external_id="LTIM-FLAG-2", visa_type="VISIT")
    dismissed = make_placement(external_id="LTIM-FLAG-0", official_exit=False)
    evaluate(visit)
    evaluate(dismissed)
    first_seen(lampung, "NP-OPP", 1)  # high: after every critical flag, however old
    first_seen(dismissed, "NP-EXIT", 1)  # critical and old, but reviewed: out of the queue
    first_seen(visit, "NP-VISA", 2)
    first_seen(lampung, "NP-VISA", 3)
    first_seen(lampung, "NP-EXIT", 4)
    flag_dismiss(flag=flag_of(dismissed, "NP-EXIT"), reviewer=officer_lampung, reason="Sudah dicek.")
    client.force_login(officer_lampung)

    response = client.get(QUEUE)

    assert response.status_code == 200
    queue = [(flag.placement.external_id, flag.rule) for flag in response.context["cl"].result_list]
    assert queue == [
        ("LTIM-FLAG-2", "NP-VISA"), ("LTIM-FLAG-1", "NP-VISA"), ("LTIM-FLAG-1", "NP-EXIT"), ("LTIM-FLAG-1", "NP-OPP"),
    ]  # fmt: skip


def test_an_officer_confirms_a_flag_from_the_queue(client, officer_lampung, lampung):
    client.force_login(officer_lampung)
    flag = flag_of(lampung, "NP-VISA")

    response = client.post(review_url(flag, "confirm"), {"reason": "Paspor dicap visa turis."})

    assert (response.status_code, response.url) == (302, QUEUE)
    assert flag_of(lampung, "NP-VISA").status == "CONFIRMED"
    assert list(FlagReview.objects.values_list("flag_id", "decision", "reviewer", "reason")) == [
        (flag.pk, "CONFIRM", officer_lampung.pk, "Paspor dicap visa turis.")
    ]


def test_an_officer_dismisses_a_flag_with_a_reason(client, officer_lampung, lampung):
    client.force_login(officer_lampung)

    response = client.post(review_url(flag_of(lampung, "NP-OPP"), "dismiss"), {"reason": "OPP 27 April."})

    assert response.status_code == 302
    assert flag_of(lampung, "NP-OPP").status == "DISMISSED"
    assert FlagReview.objects.get().reason == "OPP 27 April."


def test_dismissing_without_a_reason_shows_an_error_and_keeps_the_flag_open(client, officer_lampung, lampung):
    client.force_login(officer_lampung)

    response = client.post(review_url(flag_of(lampung, "NP-OPP"), "dismiss"), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert response.context["form"].errors["reason"][0] in response.content.decode()
    assert (flag_of(lampung, "NP-OPP").status, FlagReview.objects.count()) == ("OPEN", 0)


def test_an_officer_refers_a_flag_to_the_police(client, officer_lampung, lampung):
    client.force_login(officer_lampung)

    response = client.post(
        review_url(flag_of(lampung, "NP-EXIT"), "refer"),
        {"referred_to": "POLICE", "reason": "Keluar lewat Dumai."},
    )

    assert response.status_code == 302
    assert (flag_of(lampung, "NP-EXIT").status, flag_of(lampung, "NP-EXIT").referred_to) == (
        "CONFIRMED",
        "POLICE",
    )


def test_the_flag_page_shows_the_rule_title_explanation_and_legal_basis(client, officer_lampung, lampung):
    client.force_login(officer_lampung)

    response = client.get(change_url(flag_of(lampung, "NP-EXIT")))

    assert response.status_code == 200
    rule = RULES["NP-EXIT"]
    with translation.override(response.headers["Content-Language"]):
        content = response.content.decode()
        assert str(rule.title) in content
        assert str(rule.explanation) in content
        assert str(rule.basis) in content
    assert "Pelabuhan Dumai" in content  # the evidence
    assert LAMPUNG_NIK not in content
    assert LAMPUNG_NAME not in content


# Lists cost the same for 10 or 200 flags


def bad_placements(count: int) -> None:
    """Placements that break many rules at once: an under-age worker with a false NIK birth date, recruited
    by a sponsor, to Cambodia on a tourist visa through an unofficial exit, charged fees, no documents."""
    placements = []
    for n in range(count):
        worker = make_worker(
            birth_date=D(2010, 1, 2), nik=make_nik(birth_date=D(2010, 1, 3), serial=8000 + n)
        )
        placements.append(
            make_placement(
                worker,
                agency=None,
                recruiter_type="INDIVIDUAL",
                destination_country_id="KH",
                position_id="HOUSEKEEPER",
                visa_type="TOURIST",
                official_exit=False,
                opp_date=None,
                bpjs_valid_until=None,
                fees_charged_idr=9_000_000,
            )  # fmt: skip
        )
    engine.evaluate_placements(placement_ids=[p.pk for p in placements])


def with_flags(total: int) -> None:
    """Exactly `total` open flags, spread over as few bad placements as it takes."""
    per_placement = 12
    existing = Flag.objects.count()
    bad_placements(-(-(total - existing) // per_placement))
    extra = list(Flag.objects.order_by("-id").values_list("id", flat=True)[: Flag.objects.count() - total])
    Flag.objects.filter(id__in=extra).delete()
    assert Flag.objects.filter(status="OPEN").count() == total


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_and_the_api_list_cost_the_same_queries_for_10_and_200_flags(client, officer_lampung):
    client.force_login(officer_lampung)  # the session: each request loads the user afresh
    with_flags(10)
    # A process's first list page reads the region names it keeps (regions.selectors): count from the
    # second request on, as a running server serves every request after its first.
    queries_for(client, QUEUE)
    few = (queries_for(client, QUEUE), queries_for(client, API))

    with_flags(200)
    many = (queries_for(client, QUEUE), queries_for(client, API))

    assert many == few
    assert len(results(client.get(API))) == 50
    assert len(client.get(QUEUE).context["cl"].result_list) == 50
