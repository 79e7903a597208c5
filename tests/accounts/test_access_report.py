"""`manage.py access_report`: breach scoping from the access log and the change history, tested against
known reads and writes: it lists exactly the persons a given account touched in a window."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from tests.placements.builders import make_placement
from tests.workers.builders import SURABAYA_VILLAGE, make_nik, make_worker

pytestmark = pytest.mark.django_db


def report(*options) -> str:
    out = io.StringIO()
    call_command("access_report", *options, stdout=out)
    return out.getvalue()


def csv_rows(*options) -> list[dict]:
    return list(csv.DictReader(io.StringIO(report(*options, "--format", "csv"))))


@pytest.fixture
def known(officer_lampung, officer_jatim):
    """Lampung's officer reads A, rejects B and views C's placement; Jatim's officer reads D."""
    a = make_worker(nik=make_nik(serial=1), full_name="Ani")
    b = make_worker(nik=make_nik(serial=2), full_name="Budi")
    c = make_worker(nik=make_nik(serial=3), full_name="Citra")
    untouched = make_worker(nik=make_nik(serial=4), full_name="Eka")
    d = make_worker(nik=make_nik("35.78.01", serial=9), village_code=SURABAYA_VILLAGE, full_name="Dewi")
    placement = make_placement(worker=c)
    lampung, jatim = Client(), Client()
    lampung.force_login(officer_lampung)
    jatim.force_login(officer_jatim)
    assert lampung.get(f"/admin/workers/worker/{a.pk}/change/").status_code == 200
    assert (
        lampung.post(f"/admin/workers/worker/{b.pk}/reject/", {"reason": "Data tidak lengkap."}).status_code
        == 302
    )
    assert lampung.get(f"/admin/placements/placement/{placement.pk}/change/").status_code == 200
    assert jatim.get(f"/admin/workers/worker/{d.pk}/change/").status_code == 200
    return {"a": a, "b": b, "c": c, "d": d, "untouched": untouched}


def today() -> str:
    return timezone.localdate().isoformat()


def test_it_lists_exactly_the_persons_one_account_touched(known, officer_lampung):
    rows = csv_rows("--since", today(), "--until", today(), "--user", officer_lampung.username)

    persons = {r["person"] for r in rows}
    assert persons == {known[k].registration_number for k in ("a", "b", "c")}
    assert {r["user"] for r in rows} == {officer_lampung.username}
    change = [r for r in rows if r["action"] == "CHANGED"]
    assert [(r["subject_type"], r["person"]) for r in change] == [("worker", known["b"].registration_number)]
    assert all(r["why"] for r in rows if r["action"] == "VIEW")  # a read says which view


def test_without_a_user_it_lists_every_account(known, officer_lampung, officer_jatim):
    rows = csv_rows("--since", today(), "--until", today())
    # the builders' writes carry no account (as a management command's would not)

    assert {r["user"] for r in rows if r["person"] == known["d"].registration_number and r["user"]} == {
        officer_jatim.username
    }
    assert known["untouched"].registration_number not in {r["person"] for r in rows if r["user"]}


def test_a_window_that_misses_the_reads_lists_nothing(known, officer_lampung):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    output = report("--since", tomorrow, "--until", tomorrow, "--user", officer_lampung.username)

    assert output.strip() == "0 rows; 0 persons:"


def test_the_text_report_ends_with_the_persons(known, officer_lampung):
    output = report("--since", today(), "--until", today(), "--user", officer_lampung.username)

    last = output.splitlines()[-1]
    assert "; 3 persons: " in last
    for key in ("a", "b", "c"):
        assert known[key].registration_number in last


def test_bad_dates_are_refused(db):
    with pytest.raises(CommandError):
        report("--since", "2026-02-30", "--until", "2026-03-01")
    with pytest.raises(CommandError):
        report("--since", "2026-03-02", "--until", "2026-03-01")


def test_csv_cells_are_formula_safe(officer_lampung):
    from accounts.models import AccessAction
    from accounts.services import access_log_record

    worker = make_worker()
    access_log_record(
        user=officer_lampung, action=AccessAction.VIEW, subject_type="worker", subject_id=worker.pk,
        purpose="=HYPERLINK(\"http://x\")",
    )  # fmt: skip

    rows = csv_rows("--since", today(), "--until", today(), "--user", officer_lampung.username)

    assert rows and not any(r["why"].startswith("=") for r in rows)


REPORT_URL = "/admin/accounts/accesslog/access-report/"


def test_the_admin_page_shows_the_same_persons_to_an_administrator(
    known, client, admin_user, officer_lampung
):
    client.force_login(admin_user)
    query = {"since": today(), "until": today(), "user": officer_lampung.username}

    response = client.get(REPORT_URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    for key in ("a", "b", "c"):
        assert known[key].registration_number in page
    assert known["d"].registration_number not in page
    assert "3 orang" in page
    download = client.get(REPORT_URL, {**query, "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    persons = {r["person"] for r in csv.DictReader(io.StringIO(download.content.decode()))}
    assert persons == {known[k].registration_number for k in ("a", "b", "c")}


def test_the_admin_page_is_for_administrators_only(db, client, officer_lampung, office_lampung):
    from tests.complaints.builders import make_supervisor

    for user in (officer_lampung, make_supervisor(office_lampung)):
        client.force_login(user)
        assert client.get(REPORT_URL, {"since": today(), "until": today()}).status_code in (302, 403), user
