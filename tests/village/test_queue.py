"""The BP3MI side: early warnings in the officers' admin queue (scoped by region, logged) and in the
workbench counts; acknowledgements shown read-only."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AccessAction, AccessLog
from dashboards.workbench import workbench_items
from tests.builders import SUKADANA, SURABAYA, make_worker
from village.models import EarlyWarning
from village.services import early_warning_file

pytestmark = pytest.mark.django_db

JULY = datetime.date(2026, 7, 1)


@pytest.fixture
def surabaya_officer(db):
    from accounts.roles import Role
    from accounts.services import user_upsert

    return user_upsert(username="desa.surabaya", password="x-pass-2026", role=Role.VILLAGE_OFFICER,
                       region_codes=[SURABAYA])  # fmt: skip


def warn(user, village, **fields):
    values = {"kind": "RECRUITER", "recruiter_name": "Pak Calo", "recruiter_phone": "081399900002"}
    values.update(fields)
    return early_warning_file(user=user, village_code=village, event_date=JULY, **values)


def test_the_officer_sees_the_early_warnings_of_her_region_only(client, officer_lampung, village_officer,
                                                                 surabaya_officer):  # fmt: skip
    ours = warn(village_officer, SUKADANA, recruiter_name="Calo Lampung")
    warn(surabaya_officer, SURABAYA, recruiter_name="Calo Suroboyo")
    client.force_login(officer_lampung)

    body = client.get(reverse("admin:village_earlywarning_changelist")).content.decode()

    assert "Calo Lampung" in body
    assert "Calo Suroboyo" not in body
    assert client.get(reverse("admin:village_earlywarning_change", args=[ours.pk])).status_code == 200
    other = EarlyWarning.objects.exclude(pk=ours.pk).get()
    assert client.get(reverse("admin:village_earlywarning_change", args=[other.pk])).status_code == 404
    assert AccessLog.objects.filter(action=AccessAction.VIEW, subject_type="earlywarning",
                                    subject_id=str(ours.pk)).exists()  # fmt: skip


def test_the_officer_follows_an_early_warning_up(client, officer_lampung, village_officer):
    warning = warn(village_officer, SUKADANA)
    client.force_login(officer_lampung)

    response = client.post(
        reverse("admin:village_earlywarning_change", args=[warning.pk]),
        {"status": "IN_REVIEW", "officer_note": "Dicek bersama Disnaker"},
    )

    assert response.status_code == 302
    warning.refresh_from_db()
    assert (warning.status, warning.officer_note) == ("IN_REVIEW", "Dicek bersama Disnaker")
    assert warning.recruiter_name == "Pak Calo"  # what the village reported stays as reported


def test_early_warnings_cannot_be_added_or_deleted_in_the_admin(client, admin_user, village_officer):
    warning = warn(village_officer, SUKADANA)
    client.force_login(admin_user)

    assert client.get(reverse("admin:village_earlywarning_add")).status_code == 403
    assert client.get(reverse("admin:village_earlywarning_delete", args=[warning.pk])).status_code == 403


def test_the_workbench_counts_the_received_early_warnings_in_scope(officer_lampung, officer_jatim,
                                                                    village_officer):  # fmt: skip
    warn(village_officer, SUKADANA)
    warn(village_officer, SUKADANA, kind="LEFT", person_name="Wati")
    EarlyWarning.objects.filter(kind="LEFT").update(status="IN_REVIEW")

    def village_group(user):
        groups = [items for _title, items in workbench_items(user=user)]
        return next(items for items in groups if "/village/earlywarning/" in items[0].url)

    lampung = village_group(officer_lampung)
    assert [item.count for item in lampung] == [1, 1]
    assert "status__exact=RECEIVED" in lampung[0].url
    assert [item.count for item in village_group(officer_jatim)] == [0, 0]


def test_the_workbench_page_shows_the_count(client, officer_lampung, village_officer):
    warn(village_officer, SUKADANA)
    client.force_login(officer_lampung)

    body = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:village_earlywarning_changelist") + "?status__exact=RECEIVED" in body


def test_the_workbench_count_costs_the_same_queries_for_one_or_many(officer_lampung, village_officer,
                                                                     django_assert_max_num_queries):  # fmt: skip
    for _ in range(12):
        warn(village_officer, SUKADANA)
    with django_assert_max_num_queries(12):
        workbench_items(user=officer_lampung)


def test_acknowledgements_are_shown_read_only_in_scope(
    client, officer_jatim, officer_lampung, village_officer
):
    from village.services import acknowledgement_record

    worker = make_worker(SUKADANA, full_name="Rina Sukadana")
    record = acknowledgement_record(worker=worker, user=village_officer, domicile_verified=True,
                                    acknowledged_on=JULY, signatory_name="Kepala Desa")  # fmt: skip
    client.force_login(officer_lampung)
    assert "Rina Sukadana" in client.get(reverse("admin:village_acknowledgement_changelist")).content.decode()
    assert (
        client.post(reverse("admin:village_acknowledgement_change", args=[record.pk]), {}).status_code == 403
    )
    client.force_login(officer_jatim)
    assert client.get(reverse("admin:village_acknowledgement_change", args=[record.pk])).status_code == 404


def test_the_scan_is_downloaded_in_scope_and_logged(client, officer_lampung, officer_jatim, village_officer,
                                                    settings, tmp_path):  # fmt: skip
    from tests.complaints.builders import PDF, upload
    from village.services import acknowledgement_record

    settings.MEDIA_ROOT = tmp_path / "private-media"
    worker = make_worker(SUKADANA)
    record = acknowledgement_record(worker=worker, user=village_officer, domicile_verified=True,
                                    acknowledged_on=JULY, signatory_name="Kepala Desa",
                                    scan=upload("izin.pdf", PDF, "application/pdf"))  # fmt: skip
    url = reverse("admin:village_acknowledgement_scan", args=[record.pk])
    client.force_login(officer_lampung)

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AccessLog.objects.filter(action=AccessAction.DOWNLOAD, subject_type="worker",
                                    subject_id=str(worker.pk)).exists()  # fmt: skip
    client.force_login(officer_jatim)
    assert client.get(url).status_code == 404


def test_a_read_of_an_early_warning_names_its_resident_in_the_breach_report(client, officer_lampung,
                                                                              village_officer):  # fmt: skip
    from django.utils import timezone

    from accounts.breach import access_report

    resident = make_worker(SUKADANA)
    warning = warn(village_officer, SUKADANA, kind="LEAVING", worker=resident)
    client.force_login(officer_lampung)
    client.get(reverse("admin:village_earlywarning_change", args=[warning.pk]))

    rows = access_report(since=timezone.now() - datetime.timedelta(hours=1),
                         until=timezone.now() + datetime.timedelta(hours=1), username="officer.lampung")  # fmt: skip

    assert [(r.subject_type, r.person) for r in rows] == [("earlywarning", resident.registration_number)]
