"""A placement through its three phases (PP 59/2021): departure (PRA -> MASA), arrival, return (PURNA),
through the services and through the officers' phase pages in the admin."""

import pytest

from placements.models import Placement, ReturnRecord
from placements.services import placement_record_arrival, placement_record_departure, placement_record_return
from portal.errors import ApplicationError
from tests.placements.builders import D, make_placement, make_worker
from tests.placements.pages import hrefs, text

pytestmark = pytest.mark.django_db


def phase_of(placement: Placement) -> str:
    placement.refresh_from_db()
    return placement.phase


@pytest.fixture
def planned():
    return make_placement(departure_date=D(2026, 5, 4))


@pytest.fixture
def abroad(planned):
    return placement_record_departure(placement=planned, departure_date=D(2026, 5, 4))


def test_recording_the_departure_moves_a_placement_from_pra_to_masa(planned):
    placement_record_departure(placement=planned, departure_date=D(2026, 5, 6))

    planned.refresh_from_db()
    assert (planned.phase, planned.departure_date) == ("MASA", D(2026, 5, 6))


def test_a_placement_cannot_depart_twice(abroad):
    with pytest.raises(ApplicationError) as refused:
        placement_record_departure(placement=abroad, departure_date=D(2026, 6, 1))

    assert refused.value.code == "wrong_phase"
    abroad.refresh_from_db()
    assert abroad.departure_date == D(2026, 5, 4)


def test_the_arrival_is_recorded_during_the_placement(abroad):
    placement_record_arrival(placement=abroad, arrival_date=D(2026, 5, 4))  # same day: a short flight

    abroad.refresh_from_db()
    assert (abroad.phase, abroad.arrival_date) == ("MASA", D(2026, 5, 4))


def test_an_arrival_before_departure_is_recorded_is_refused(planned):
    with pytest.raises(ApplicationError) as refused:
        placement_record_arrival(placement=planned, arrival_date=D(2026, 5, 5))

    assert refused.value.code == "wrong_phase"
    assert Placement.objects.get(pk=planned.pk).arrival_date is None


def test_an_arrival_dated_before_the_departure_is_refused_on_the_arrival_field(abroad):
    with pytest.raises(ApplicationError) as refused:
        placement_record_arrival(placement=abroad, arrival_date=D(2026, 5, 3))

    assert list(refused.value.fields) == ["arrival_date"]
    assert Placement.objects.get(pk=abroad.pk).arrival_date is None


def test_recording_the_return_creates_the_return_record_and_moves_to_purna(abroad, officer_lampung):
    record = placement_record_return(
        placement=abroad,
        return_date=D(2028, 5, 3),
        reason="CONTRACT_END",
        reintegration_services="Pelatihan usaha",
        officer=officer_lampung,
    )

    assert phase_of(abroad) == "PURNA"
    assert ReturnRecord.objects.get(placement=abroad) == record
    assert (record.return_date, record.reason, record.recorded_by) == (
        D(2028, 5, 3),
        "CONTRACT_END",
        officer_lampung,
    )


def test_a_worker_who_has_not_departed_cannot_return(planned):
    with pytest.raises(ApplicationError) as refused:
        placement_record_return(placement=planned, return_date=D(2026, 6, 1), reason="DEPORTED")

    assert refused.value.code == "wrong_phase"
    assert phase_of(planned) == "PRA"
    assert not ReturnRecord.objects.exists()


@pytest.mark.parametrize(
    ("return_date", "reason"), [(D(2026, 5, 3), "CONTRACT_END"), (D(2026, 9, 1), "RUN_AWAY")]
)
def test_a_return_before_the_departure_or_for_an_unknown_reason_is_refused(abroad, return_date, reason):
    with pytest.raises(ApplicationError):
        placement_record_return(placement=abroad, return_date=return_date, reason=reason)

    assert phase_of(abroad) == "MASA"
    assert not ReturnRecord.objects.exists()


# --- The officers' phase pages ------------------------------------------------------------------


def phase_url(placement: Placement, step: str) -> str:
    return f"/admin/placements/placement/{placement.pk}/phase/{step}/"


def change_url(placement: Placement) -> str:
    return f"/admin/placements/placement/{placement.pk}/change/"


@pytest.fixture
def officer(client, officer_lampung):
    client.force_login(officer_lampung)
    return client


def test_the_change_page_offers_the_next_step_of_the_placement(officer, planned):
    assert phase_url(planned, "departure") in hrefs(officer.get(change_url(planned)))

    placement_record_departure(placement=planned, departure_date=D(2026, 5, 4))
    links = hrefs(officer.get(change_url(planned)))

    assert phase_url(planned, "departure") not in links
    assert phase_url(planned, "arrival") in links and phase_url(planned, "return") in links


def test_an_officer_records_the_departure_on_the_phase_page(officer, planned):
    form = officer.get(phase_url(planned, "departure"))
    assert form.status_code == 200
    assert "Catat keberangkatan" in text(form)

    response = officer.post(phase_url(planned, "departure"), {"date": "2026-05-06"}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(planned)
    assert "Tercatat." in text(response)
    planned.refresh_from_db()
    assert (planned.phase, planned.departure_date) == ("MASA", D(2026, 5, 6))


def test_an_officer_records_arrival_then_return_on_the_phase_pages(officer, abroad, officer_lampung):
    officer.post(phase_url(abroad, "arrival"), {"date": "2026-05-05"})
    response = officer.post(
        phase_url(abroad, "return"),
        {"date": "2028-05-03", "reason": "CONTRACT_END", "reintegration_services": "Konseling"},
    )

    assert response.status_code == 302
    abroad.refresh_from_db()
    assert (abroad.phase, abroad.arrival_date) == ("PURNA", D(2026, 5, 5))
    assert abroad.return_record.recorded_by == officer_lampung
    assert abroad.return_record.reintegration_services == "Konseling"


def test_the_arrival_page_says_to_record_the_departure_first(officer, planned):
    response = officer.post(phase_url(planned, "arrival"), {"date": "2026-05-05"})

    assert response.status_code == 200
    assert "Catat keberangkatan sebelum kedatangan." in text(response)
    assert phase_of(planned) == "PRA"


def test_the_return_page_refuses_a_worker_who_has_not_departed(officer, planned):
    response = officer.post(phase_url(planned, "return"), {"date": "2026-06-01", "reason": "DEPORTED"})

    assert response.status_code == 200
    assert "Pekerja yang belum berangkat tidak bisa dicatat pulang." in text(response)
    assert not ReturnRecord.objects.exists()


def test_the_arrival_page_refuses_an_arrival_before_the_departure(officer, abroad):
    response = officer.post(phase_url(abroad, "arrival"), {"date": "2026-05-01"})

    assert "Kedatangan tidak boleh sebelum keberangkatan." in text(response)
    assert Placement.objects.get(pk=abroad.pk).arrival_date is None


def test_the_return_page_requires_a_reason(officer, abroad):
    response = officer.post(phase_url(abroad, "return"), {"date": "2028-05-03"})

    assert response.status_code == 200
    assert phase_of(abroad) == "MASA"


def test_an_unknown_step_is_a_404(officer, planned):
    assert officer.get(phase_url(planned, "deportation")).status_code == 404


def test_an_officer_of_another_province_gets_404_on_the_phase_pages(client, officer_jatim, planned):
    client.force_login(officer_jatim)

    assert client.get(phase_url(planned, "departure")).status_code == 404
    assert client.post(phase_url(planned, "departure"), {"date": "2026-05-06"}).status_code == 404
    assert phase_of(planned) == "PRA"


def test_an_officer_of_jawa_timur_records_the_phases_of_a_jawa_timur_worker(client, officer_jatim):
    placement = make_placement(make_worker(village_code="35.78.01.1001"))
    client.force_login(officer_jatim)

    client.post(phase_url(placement, "departure"), {"date": "2026-05-06"})

    assert phase_of(placement) == "MASA"
