"""Decisions with evidence (issue 15, item 2): the review page shows the rule, its legal basis, severity and
evidence in Indonesian; every decision needs a reason; a referral names its target explicitly; a resolved
flag cannot be reviewed again through the service or the admin."""

import pytest

from placements.models import Flag, FlagReview, FlagStatus
from placements.services import flag_confirm, flag_dismiss, flag_refer
from portal.errors import ApplicationError
from tests.rules.builders import evaluate, flag_of, make_placement

pytestmark = pytest.mark.django_db

QUEUE = "/admin/placements/flag/"


def review_url(flag, decision: str) -> str:
    return f"{QUEUE}{flag.pk}/review/{decision}/"


@pytest.fixture
def tourist():
    placement = make_placement(visa_type="TOURIST")
    evaluate(placement, rules=["NP-VISA"])
    return placement


def state(placement) -> tuple:
    flag = flag_of(placement, "NP-VISA")
    return flag.status, flag.referred_to, FlagReview.objects.count()


# The service


@pytest.mark.parametrize("reason", ["", "   "])
def test_confirming_without_a_reason_is_refused(tourist, officer_lampung, reason):
    with pytest.raises(ApplicationError) as error:
        flag_confirm(flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, reason=reason)

    assert (error.value.code, list(error.value.fields)) == ("reason_required", ["reason"])
    assert state(tourist) == ("OPEN", "", 0)


def test_referring_without_a_reason_is_refused(tourist, officer_lampung):
    with pytest.raises(ApplicationError) as error:
        flag_refer(
            flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, referred_to="POLICE", reason=" "
        )

    assert error.value.code == "reason_required"
    assert state(tourist) == ("OPEN", "", 0)


def test_referring_without_a_target_is_refused(tourist, officer_lampung):
    with pytest.raises(ApplicationError) as error:
        flag_refer(
            flag=flag_of(tourist, "NP-VISA"), reviewer=officer_lampung, referred_to="", reason="Visa turis."
        )

    assert "referred_to" in error.value.fields
    assert state(tourist) == ("OPEN", "", 0)


@pytest.mark.parametrize(
    "decide",
    [
        lambda flag, user: flag_confirm(flag=flag, reviewer=user, reason="Dicek."),
        lambda flag, user: flag_dismiss(flag=flag, reviewer=user, reason="Dicek."),
        lambda flag, user: flag_refer(flag=flag, reviewer=user, referred_to="POLICE", reason="Dicek."),
    ],
    ids=["confirm", "dismiss", "refer"],
)
def test_a_resolved_flag_cannot_be_reviewed(tourist, officer_lampung, decide):
    Flag.objects.filter(placement=tourist).update(status=FlagStatus.RESOLVED)
    stale = flag_of(tourist, "NP-VISA")
    stale.status = FlagStatus.OPEN  # a copy read before the sweep resolved it: the service re-reads

    with pytest.raises(ApplicationError) as error:
        decide(stale, officer_lampung)

    assert error.value.code == "flag_resolved"
    assert state(tourist) == ("RESOLVED", "", 0)


# The admin


def test_the_review_page_shows_rule_basis_severity_and_evidence_in_indonesian(
    client, officer_lampung, tourist
):
    client.force_login(officer_lampung)

    content = client.get(review_url(flag_of(tourist, "NP-VISA"), "refer")).content.decode()

    assert "UU 18/2017 Pasal 13" in content  # the legal basis, in Indonesian
    assert "Dasar hukum" in content
    assert "Kritis: kemungkinan tindak pidana" in content  # severity
    assert "Jenis visa" in content and "Visa turis" in content  # evidence: visa_type TOURIST
    assert "visa_type" not in content and "TOURIST" not in content


def test_the_flag_page_shows_the_evidence_in_indonesian(client, officer_lampung, tourist):
    client.force_login(officer_lampung)

    content = client.get(f"{QUEUE}{flag_of(tourist, 'NP-VISA').pk}/change/").content.decode()

    assert "Jenis visa" in content and "Visa turis" in content
    assert "TOURIST" not in content


def test_the_referral_target_has_no_default(client, officer_lampung, tourist):
    client.force_login(officer_lampung)

    response = client.get(review_url(flag_of(tourist, "NP-VISA"), "refer"))

    field = response.context["form"]["referred_to"]
    assert field.value() in (None, "")
    assert '<option value="" selected>' in str(field)


@pytest.mark.parametrize(
    ("decision", "data"),
    [
        ("confirm", {"reason": ""}),
        ("refer", {"referred_to": "POLICE", "reason": ""}),
        ("refer", {"reason": "Visa turis, berangkat lewat Batam."}),
        ("dismiss", {"reason": " "}),
    ],
)
def test_a_decision_without_a_reason_or_target_is_refused_with_a_message(
    client, officer_lampung, tourist, decision, data
):
    client.force_login(officer_lampung)

    response = client.post(review_url(flag_of(tourist, "NP-VISA"), decision), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors
    assert next(iter(errors.values()))[0] in response.content.decode()
    assert state(tourist) == ("OPEN", "", 0)


def test_a_referral_with_target_and_reason_is_recorded(client, officer_lampung, tourist):
    client.force_login(officer_lampung)

    response = client.post(
        review_url(flag_of(tourist, "NP-VISA"), "refer"), {"referred_to": "POLICE", "reason": "Visa turis."}
    )

    assert response.status_code == 302
    assert state(tourist) == ("CONFIRMED", "POLICE", 1)


def test_a_resolved_flag_cannot_be_reviewed_in_the_admin(client, officer_lampung, tourist):
    Flag.objects.filter(placement=tourist).update(status=FlagStatus.RESOLVED)
    client.force_login(officer_lampung)

    response = client.post(
        review_url(flag_of(tourist, "NP-VISA"), "confirm"), {"reason": "Dicek."}, follow=True
    )

    assert response.status_code == 200
    assert "sudah selesai" in response.content.decode()
    assert state(tourist) == ("RESOLVED", "", 0)
