"""`outreach_event_save`: the one place an outreach event is written, its validation, and its scope check."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from outreach.models import OutreachEvent
from outreach.services import outreach_event_save
from portal.errors import ApplicationError
from tests.outreach.builders import (
    LAMPUNG_SELATAN_VILLAGE,
    SURABAYA_VILLAGE,
    make_outreach_event,
    outreach_event,
)

pytestmark = pytest.mark.django_db

TOO_MANY_PROSPECTIVE = "Prospective workers cannot be more than the participants (men and women together)."
OUTSIDE_REGION = (
    "This village is outside your region: you can record outreach only in villages your office covers."
)


def in_indonesian(msgid: str) -> str:
    """What an Indonesian-speaking user reads for this message, as the catalogue translates it."""
    with translation.override("id"):
        return translation.gettext(msgid)


def test_a_new_event_records_the_officer_and_her_office(officer_lampung, office_lampung):
    event = make_outreach_event(user=officer_lampung)

    saved = OutreachEvent.objects.get(pk=event.pk)
    assert (saved.recorded_by, saved.office, saved.participants) == (officer_lampung, office_lampung, 45)


def test_an_administrator_without_an_office_records_for_the_office_covering_the_village(
    admin_user, office_lampung, office_jatim
):
    event = make_outreach_event(user=admin_user, village_id=SURABAYA_VILLAGE)

    assert (event.recorded_by, event.office) == (admin_user, office_jatim)


def test_a_change_keeps_who_recorded_the_event(officer_lampung, office_lampung, admin_user):
    event = make_outreach_event(user=officer_lampung)
    event.participants_female = 40

    outreach_event_save(event=event, user=admin_user)

    saved = OutreachEvent.objects.get(pk=event.pk)
    assert (saved.participants_female, saved.recorded_by, saved.office) == (
        40,
        officer_lampung,
        office_lampung,
    )


def test_prospective_workers_cannot_exceed_the_participants(officer_lampung):
    event = outreach_event(participants_male=3, participants_female=2, prospective_workers=6)

    with translation.override("id"), pytest.raises(ApplicationError) as raised:
        outreach_event_save(event=event, user=officer_lampung)

    assert raised.value.code == "invalid"
    assert raised.value.message == in_indonesian(TOO_MANY_PROSPECTIVE)
    assert not OutreachEvent.objects.exists()


def test_prospective_workers_equal_to_the_participants_are_accepted(officer_lampung):
    event = make_outreach_event(
        user=officer_lampung, participants_male=3, participants_female=2, prospective_workers=5
    )

    assert OutreachEvent.objects.get(pk=event.pk).prospective_workers == 5


def test_a_missing_organiser_is_reported_on_its_field(officer_lampung):
    with pytest.raises(ApplicationError) as raised:
        make_outreach_event(user=officer_lampung, organiser="")

    assert raised.value.code == "invalid"
    assert list(raised.value.fields) == ["organiser"]
    assert not OutreachEvent.objects.exists()


def test_the_database_refuses_more_prospective_workers_than_participants_too(officer_lampung):
    event = make_outreach_event(user=officer_lampung)

    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachEvent.objects.filter(pk=event.pk).update(prospective_workers=46)


def test_an_officer_cannot_record_an_event_in_another_province(officer_lampung):
    with translation.override("id"), pytest.raises(ApplicationError) as raised:
        make_outreach_event(user=officer_lampung, village_id=SURABAYA_VILLAGE)

    assert (raised.value.code, raised.value.status) == ("out_of_scope", 403)
    assert raised.value.message == in_indonesian(OUTSIDE_REGION)
    assert not OutreachEvent.objects.exists()


def test_an_officer_records_anywhere_in_her_province(officer_lampung):
    event = make_outreach_event(user=officer_lampung, village_id=LAMPUNG_SELATAN_VILLAGE)

    assert OutreachEvent.objects.filter(pk=event.pk).exists()


def test_an_officer_cannot_take_over_an_event_of_another_province_by_moving_it_into_hers(
    officer_lampung, officer_jatim
):
    event = make_outreach_event(user=officer_jatim, village_id=SURABAYA_VILLAGE)
    event.village_id = LAMPUNG_SELATAN_VILLAGE

    with pytest.raises(ApplicationError) as raised:
        outreach_event_save(event=event, user=officer_lampung)

    assert raised.value.code == "out_of_scope"
    assert OutreachEvent.objects.get(pk=event.pk).village_id == SURABAYA_VILLAGE


@pytest.mark.parametrize("persona", ["dprd_lampungtimur", "api_client_user"])
def test_dprd_and_api_client_personas_cannot_record_events_even_in_their_region(request, persona):
    with pytest.raises(ApplicationError) as raised:
        make_outreach_event(user=request.getfixturevalue(persona))

    assert raised.value.code == "out_of_scope"
    assert not OutreachEvent.objects.exists()
