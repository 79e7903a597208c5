"""Early warning (laporan dini): filed on the desk, scoped to the officer's villages, the recruiter phone
normalised, and counted by NP-CLUSTER with the placements and complaints naming that phone."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AccessAction, AccessLog
from placements.rules import engine
from portal.errors import ApplicationError
from tests.builders import SUKADANA, make_worker
from tests.rules.builders import flags_of, make_placement
from village.models import EarlyWarning
from village.services import early_warning_file

pytestmark = pytest.mark.django_db

URL = reverse("village:early_warning")
NEIGHBOUR = "18.07.01.2002"
PHONE = "081399900002"
JULY = datetime.date(2026, 7, 1)
DAY = datetime.timedelta(days=1)


def form(**overrides):
    data = {
        "kind": "RECRUITER",
        "village_code": SUKADANA,
        "recruiter_name": "Pak Calo",
        "recruiter_phone": "+62 813-9990-0002",
        "destination_country": "MY",
        "event_date": "2026-01-10",
        "offered": "Kerja kebun sawit, gaji 6 juta, berangkat minggu depan tanpa paspor",
    }
    data.update(overrides)
    return data


def test_a_recruiter_report_lands_with_the_phone_normalised(desk, village_officer):
    response = desk.post(URL, form())

    assert response.status_code == 302
    warning = EarlyWarning.objects.get()
    assert warning.recruiter_phone == PHONE
    assert (warning.village_id, warning.kind, warning.status) == (SUKADANA, "RECRUITER", "RECEIVED")
    assert warning.destination_country_id == "MY"
    assert warning.reported_by == village_officer
    assert "sawit" in warning.offered


def test_a_report_names_a_resident_by_registration_number_and_logs_the_read(desk):
    resident = make_worker(SUKADANA)

    desk.post(URL, form(kind="LEAVING", registration_number=resident.registration_number.lower()))

    assert EarlyWarning.objects.get().worker == resident
    assert AccessLog.objects.filter(
        action=AccessAction.VIEW, subject_type="worker", subject_id=str(resident.pk)
    ).exists()


def test_a_resident_of_another_village_cannot_be_named(desk):
    outsider = make_worker(NEIGHBOUR)

    response = desk.post(URL, form(kind="LEFT", registration_number=outsider.registration_number))

    assert response.status_code == 200
    assert not EarlyWarning.objects.exists()


def test_a_report_for_a_village_the_officer_does_not_serve_is_refused(desk):
    response = desk.post(URL, form(village_code=NEIGHBOUR))

    assert response.status_code == 200
    assert not EarlyWarning.objects.exists()


def test_the_service_refuses_another_village_too(village_officer):
    with pytest.raises(ApplicationError):
        early_warning_file(user=village_officer, village_code=NEIGHBOUR, kind="RECRUITER",
                           recruiter_name="Pak Calo", event_date=JULY)  # fmt: skip


@pytest.mark.parametrize(
    "overrides",
    [
        {"recruiter_phone": "12ab"},
        {"recruiter_name": "", "recruiter_phone": ""},  # a recruiter report names the recruiter
        {"kind": "LEAVING", "person_name": ""},  # a departure names the person or the resident
        {"kind": "NONSENSE"},
    ],
)
def test_an_incomplete_report_is_refused(desk, overrides):
    response = desk.post(URL, form(**overrides))

    assert response.status_code == 200
    assert not EarlyWarning.objects.exists()


def test_a_departure_of_an_unregistered_person_is_accepted_by_name(desk):
    desk.post(URL, form(kind="LEFT", person_name="Wati binti Karsa", recruiter_phone=""))

    warning = EarlyWarning.objects.get()
    assert (warning.person_name, warning.worker_id, warning.recruiter_phone) == ("Wati binti Karsa", None, "")


def test_the_desk_lists_its_own_reports_only(desk, neighbour_officer):
    other = make_worker(NEIGHBOUR)
    early_warning_file(user=neighbour_officer, village_code=NEIGHBOUR, kind="LEFT", worker=None,
                       person_name="Orang Tetangga", event_date=JULY)  # fmt: skip
    desk.post(URL, form())

    body = desk.get(URL).content.decode()

    assert body.count("<li><strong>") == 1
    assert other.full_name not in body


# NP-CLUSTER counts the desk's early warnings


def recruit(days, *, village=SUKADANA, phone=PHONE):
    return [
        make_placement(
            make_worker(village), agency=None, job_order=None, recruiter_type="INDIVIDUAL",
            recruiter_name="Pak Calo", recruiter_phone=phone, recruited_date=JULY + offset * DAY,
            departure_date=datetime.date(2026, 12, 20), phase="PRA",
        )
        for offset in days
    ]  # fmt: skip


def warn(user, *, on, village=SUKADANA, phone="0813-9990-0002", worker=None):
    return early_warning_file(user=user, village_code=village, kind="RECRUITER", worker=worker,
                              recruiter_name="Pak Calo", recruiter_phone=phone, event_date=on)  # fmt: skip


def cluster_flags(placements):
    engine.evaluate_placements(placement_ids=[p.pk for p in placements], rules=["NP-CLUSTER"])
    return [flags_of(p).get("NP-CLUSTER") == "OPEN" for p in placements]


def test_four_workers_and_one_early_warning_naming_the_recruiter_are_a_cluster(village_officer):
    placements = recruit([0, 3, 6, 9])
    assert cluster_flags(placements) == [False] * 4

    warn(village_officer, on=JULY + 12 * DAY)

    assert cluster_flags(placements) == [True] * 4


def test_an_early_warning_can_open_the_groups_window(village_officer):
    warn(village_officer, on=JULY - 5 * DAY)

    assert cluster_flags(recruit([0, 3, 6, 9])) == [True] * 4


def test_an_early_warning_outside_the_window_does_not_count(village_officer):
    warn(village_officer, on=JULY + 40 * DAY)

    assert cluster_flags(recruit([0, 3, 6, 9])) == [False] * 4


def test_an_early_warning_from_another_village_does_not_count(neighbour_officer):
    warn(neighbour_officer, on=JULY + 2 * DAY, village=NEIGHBOUR)

    assert cluster_flags(recruit([0, 3, 6, 9])) == [False] * 4


def test_an_early_warning_about_a_worker_already_counted_does_not_count_twice(village_officer):
    placements = recruit([0, 3, 6, 9])

    warn(village_officer, on=JULY + 2 * DAY, worker=placements[0].worker)
    warn(village_officer, on=JULY + 4 * DAY, worker=placements[0].worker)

    assert cluster_flags(placements) == [False] * 4


def test_two_reports_about_one_unregistered_recruit_each_count_once_per_report(village_officer):
    warn(village_officer, on=JULY + 2 * DAY)
    placements = recruit([0, 3, 6])
    assert cluster_flags(placements) == [False] * 3

    warn(village_officer, on=JULY + 4 * DAY)

    assert cluster_flags(placements) == [True] * 3


def test_filing_an_early_warning_re_evaluates_the_recruiters_placements(
    village_officer, django_capture_on_commit_callbacks
):
    placements = recruit([0, 3, 6, 9])
    assert cluster_flags(placements) == [False] * 4

    with django_capture_on_commit_callbacks(execute=True):
        warn(village_officer, on=JULY + 12 * DAY)

    assert [flags_of(p).get("NP-CLUSTER") for p in placements] == ["OPEN"] * 4
