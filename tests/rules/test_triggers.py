"""Flags follow the data without anyone calling the engine: every service that changes what a rule reads
enqueues an evaluation of the affected placements once its transaction commits (Celery runs eagerly in the
test settings), and the periodic sweeps catch whatever a lost message missed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.models import Complaint
from placements.models import CountryPolicy, Placement
from placements.selectors import affected_batches
from placements.services import (
    country_policy_save,
    job_order_save,
    placement_record_departure,
    placement_record_return,
    special_channel_designate,
)
from placements.tasks import flags_sweep_recent
from portal.celery import app as celery_app
from tests.rules.builders import (
    DAY,
    DEPARTURE,
    RECRUITED,
    D,
    age,
    flags_of,
    give_documents,
    make_agency,
    make_job_order,
    make_nik,
    make_placement,
    make_policy,
    make_worker,
    record_licence,
    set_document,
    update_placement,
    verifier,
)
from workers.models import Document
from workers.services import document_upsert, document_verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _celery_runs_eagerly():
    assert celery_app.conf.task_always_eager, (
        "these tests expect Celery to run tasks in-process (no broker URL)"
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code under test enqueues on commit, as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = action(*args, **kwargs)
        assert callbacks, "the service enqueued nothing on commit"
        return result

    return run


def placement_args(worker=None, **fields) -> dict:
    """make_placement's arguments with its worker (and documents) and job order recorded beforehand, so that
    under `committed` only the placement is saved and only its evaluation runs."""
    if worker is None:
        worker = make_worker()
        give_documents(worker)
    if "job_order" not in fields and fields.get("agency", True) is not None:
        fields["job_order"] = make_job_order(agency=fields.get("agency"))
    return {"worker": worker, **fields}


def test_saving_a_placement_opens_its_flags(committed):
    placement = committed(make_placement, **placement_args(visa_type="TOURIST"))

    assert flags_of(placement) == {"NP-VISA": "OPEN"}


def test_nothing_is_evaluated_before_the_transaction_commits():
    placement = make_placement(visa_type="TOURIST")

    assert flags_of(placement) == {}


def test_saving_a_corrected_placement_resolves_its_flag(committed):
    placement = committed(make_placement, **placement_args(visa_type="TOURIST"))

    committed(update_placement, placement, visa_type="WORK")

    assert flags_of(placement) == {"NP-VISA": "RESOLVED"}


def test_recording_a_departure_without_orientation_opens_the_flag(committed):
    placement = committed(make_placement, **placement_args(phase="PRA", opp_date=None, departure_date=None))
    assert flags_of(placement) == {}

    committed(placement_record_departure, placement=placement, departure_date=DEPARTURE)

    assert flags_of(placement) == {"NP-OPP": "OPEN"}


def test_recording_a_return_without_a_procedural_placement_opens_the_flag(committed):
    placement = committed(make_placement, **placement_args(agency=None, recruiter_type="INDIVIDUAL"))
    assert "NP-RETRO" not in flags_of(placement)

    committed(placement_record_return, placement=placement, return_date=D(2026, 9, 1), reason="DEPORTED")

    assert flags_of(placement)["NP-RETRO"] == "OPEN"


def test_recording_a_revocation_flags_the_agencys_placements(committed):
    placement = committed(make_placement, **placement_args(departure_date=D(2026, 12, 1), phase="PRA"))
    assert flags_of(placement) == {}

    committed(record_licence, placement.agency, "REVOKED", D(2026, 11, 1))

    assert flags_of(placement) == {"NP-AGENCY-LICENCE": "OPEN"}


def test_recording_a_renewal_resolves_the_expired_licence_flag(committed):
    agency = make_agency(events=[("ISSUED", D(2021, 1, 1), DEPARTURE - DAY)])
    placement = committed(make_placement, **placement_args(agency=agency))
    assert flags_of(placement) == {"NP-AGENCY-LICENCE": "OPEN"}

    committed(record_licence, agency, "RENEWED", DEPARTURE, D(2031, 1, 1))

    assert flags_of(placement) == {"NP-AGENCY-LICENCE": "RESOLVED"}


def test_extending_a_job_order_resolves_the_flag_of_a_departure_after_its_end(committed):
    job_order = make_job_order(valid_until=DEPARTURE - DAY)
    placement = committed(make_placement, **placement_args(job_order=job_order))
    assert flags_of(placement) == {"NP-JOBORDER": "OPEN"}

    job_order.valid_until = DEPARTURE
    committed(job_order_save, job_order=job_order, fields=["valid_until", "updated_at"])

    assert flags_of(placement) == {"NP-JOBORDER": "RESOLVED"}


def test_raising_a_quota_resolves_the_flag_of_the_placement_beyond_it(committed):
    job_order = make_job_order(quota=1)
    first = committed(make_placement, **placement_args(job_order=job_order))
    second = committed(make_placement, **placement_args(job_order=job_order))
    assert (flags_of(first), flags_of(second)) == ({}, {"NP-JOBORDER": "OPEN"})

    job_order.quota = 2
    committed(job_order_save, job_order=job_order, fields=["quota", "updated_at"])

    assert flags_of(second) == {"NP-JOBORDER": "RESOLVED"}


def test_a_placement_recruited_earlier_pushes_the_last_one_over_the_quota(committed):
    job_order = make_job_order(quota=1)
    later = committed(
        make_placement, **placement_args(job_order=job_order, recruited_date=RECRUITED + 10 * DAY)
    )
    assert flags_of(later) == {}

    earlier = committed(make_placement, **placement_args(job_order=job_order, recruited_date=RECRUITED))

    assert (flags_of(earlier), flags_of(later)) == ({}, {"NP-JOBORDER": "OPEN"})


def test_the_fifth_worker_of_a_cluster_flags_all_five(committed):
    def recruited_by_sponsor(offset):
        return make_placement(make_worker(village="18.07.02.2001"), agency=None, recruiter_type="INDIVIDUAL",
                              recruiter_phone="081399900002", recruited_date=RECRUITED + offset * DAY)  # fmt: skip

    placements = [committed(recruited_by_sponsor, offset) for offset in range(5)]

    assert [flags_of(p).get("NP-CLUSTER") for p in placements] == ["OPEN"] * 5


def test_recording_a_procedural_placement_resolves_the_retro_flag_of_the_workers_return(committed):
    worker = make_worker()
    give_documents(worker)
    irregular = committed(
        make_placement, **placement_args(worker, agency=None, recruiter_type="INDIVIDUAL", visa_type="VISIT")
    )
    committed(placement_record_return, placement=irregular, return_date=D(2026, 9, 1), reason="DEPORTED")
    assert flags_of(irregular)["NP-RETRO"] == "OPEN"

    committed(make_placement, **placement_args(worker, departure_date=D(2027, 3, 1), phase="PRA"))

    assert flags_of(irregular)["NP-RETRO"] == "RESOLVED"


def test_a_new_closure_of_a_country_flags_the_placements_going_there(committed):
    to_taiwan = committed(make_placement, **placement_args())
    to_japan = committed(make_placement, **placement_args(job_order=None, destination_country_id="JP"))

    committed(make_policy, "TW", "CLOSED", D(2026, 1, 1))

    assert flags_of(to_taiwan) == {"NP-DESTINATION": "OPEN"}
    assert "NP-DESTINATION" not in flags_of(to_japan)


def test_ending_a_closure_resolves_the_flags_it_raised(committed):
    policy = make_policy("TW", "CLOSED", D(2026, 1, 1))
    placement = committed(make_placement, **placement_args())
    assert flags_of(placement) == {"NP-DESTINATION": "OPEN"}

    policy.valid_until = DEPARTURE - DAY
    committed(country_policy_save, policy=policy, fields=["valid_until", "updated_at"])

    assert flags_of(placement) == {"NP-DESTINATION": "RESOLVED"}
    assert CountryPolicy.objects.filter(pk=policy.pk).exists()


def test_recording_the_missing_document_resolves_the_documents_flag(committed):
    worker = make_worker()
    give_documents(worker, missing=["PASSPORT"])
    placement = committed(make_placement, **placement_args(worker))
    assert flags_of(placement) == {"NP-DOCS": "OPEN"}

    committed(set_document, worker, "PASSPORT", expiry_date=D(2031, 1, 1))

    assert flags_of(placement) == {"NP-DOCS": "RESOLVED"}


def test_a_document_renewed_with_an_earlier_expiry_opens_the_documents_flag(committed):
    placement = committed(make_placement, **placement_args())

    committed(document_upsert, worker=placement.worker, doc_type="WORK_VISA", expiry_date=DEPARTURE - DAY,
              verified_by=verifier())  # fmt: skip

    assert flags_of(placement) == {"NP-DOCS": "OPEN"}


def test_verifying_a_document_resolves_the_documents_flag(committed):
    worker = make_worker()
    give_documents(worker, unverified=["MEDICAL"])
    placement = committed(make_placement, **placement_args(worker))
    assert flags_of(placement) == {"NP-DOCS": "OPEN"}

    medical = Document.objects.get(worker=worker, doc_type="MEDICAL")
    committed(document_verify, document=medical, officer=verifier())

    assert flags_of(placement) == {"NP-DOCS": "RESOLVED"}


def test_rejecting_a_document_reopens_the_documents_flag(committed):
    placement = committed(make_placement, **placement_args())
    passport = Document.objects.get(worker=placement.worker, doc_type="PASSPORT")

    committed(
        document_verify, document=passport, officer=verifier(), accepted=False, note="Foto tidak cocok."
    )

    assert flags_of(placement) == {"NP-DOCS": "OPEN"}


def test_an_imported_placement_and_its_documents_are_evaluated_once_the_import_commits(committed, tmp_path):
    job_order = make_job_order()
    nik = make_nik(serial=6001)
    placements_csv = tmp_path / "placements.csv"
    placements_csv.write_text(
        "external_id,nik,full_name,sex,birth_date,village_code,scheme,agency_licence_number,job_order_number,"
        "recruiter_type,destination_country,position,employer_type,visa_type,recruited_date,departure_date,"
        "official_exit,contract_months,bpjs_valid_until,opp_date,phase\n"
        f"IMP-1,{nik},Yuliani,F,1996-08-12,18.07.01.2001,P2P,{job_order.agency.licence_number},{job_order.number},"
        "AGENCY,TW,CAREGIVER,LEGAL_ENTITY,WORK,2026-02-02,2026-05-04,true,24,2029-12-31,2026-04-27,MASA\n"
    )
    committed(
        call_command, "import_placements", str(placements_csv), stdout=io.StringIO(), stderr=io.StringIO()
    )
    placement = Placement.objects.get(external_id="IMP-1")
    assert flags_of(placement) == {"NP-DOCS": "OPEN"}

    documents_csv = tmp_path / "documents.csv"
    documents_csv.write_text(
        "nik,doc_type,number,expiry_date,verified,acknowledged_village_code\n"
        + "".join(
            f"{nik},{doc_type},N-{doc_type},2030-01-01,true,{'18.07.01.2001' if doc_type == 'FAMILY_PERMISSION' else ''}\n"
            for doc_type in ("MARITAL_STATEMENT", "FAMILY_PERMISSION", "COMPETENCE", "MEDICAL", "PSYCHOLOGICAL",
                             "PASSPORT", "WORK_VISA", "PLACEMENT_AGREEMENT", "EMPLOYMENT_CONTRACT")
        )
    )  # fmt: skip
    committed(
        call_command, "import_documents", str(documents_csv), stdout=io.StringIO(), stderr=io.StringIO()
    )

    assert flags_of(placement) == {"NP-DOCS": "RESOLVED"}


# What each rule reads decides which rules a change re-evaluates (placements.rules.base.Reads)


def test_a_new_closure_re_evaluates_only_the_rules_that_read_country_policies():
    placement = make_placement(visa_type="TOURIST", job_order=None, destination_country_id="LA")

    [(ids, codes)] = affected_batches(country_codes=["LA"])
    assert ids == [placement.pk]
    assert {"NP-DESTINATION", "NP-MORATORIUM", "NP-SPECIAL-CHANNEL"} <= set(codes)
    assert "NP-VISA" not in codes


def test_a_closure_committed_flags_the_destination_but_leaves_other_rules_for_their_own_triggers(committed):
    placement = make_placement(visa_type="TOURIST", job_order=None, destination_country_id="LA")

    committed(make_policy, "LA", "CLOSED", D(2026, 1, 1))

    assert flags_of(placement) == {"NP-DESTINATION": "OPEN"}


def test_designating_the_agency_resolves_the_special_channel_flag(committed):
    agency = make_agency(name="PT Kanal Satu")
    placement = committed(
        make_placement,
        **placement_args(agency=agency, job_order=None, destination_country_id="SA", position_id="COOK",
                         departure_date=D(2026, 6, 1), opp_date=D(2026, 5, 20)),
    )  # fmt: skip
    assert flags_of(placement)["NP-SPECIAL-CHANNEL"] == "OPEN"
    [spsk] = CountryPolicy.objects.filter(country_id="SA", status="SPECIAL_CHANNEL")

    committed(special_channel_designate, policy=spsk, agencies=[agency])

    assert flags_of(placement)["NP-SPECIAL-CHANNEL"] == "RESOLVED"


def test_the_recent_sweep_counts_a_complaint_naming_the_recruiter_of_a_group():
    placements = [
        make_placement(agency=None, job_order=None, recruiter_type="INDIVIDUAL", recruiter_phone="081399900002",
                       recruited_date=D(2026, 7, 1) + n * DAY, worker=make_worker(village="18.07.02.2001"))
        for n in range(4)
    ]  # fmt: skip
    for placement in placements:
        age(placement, hours=3)
    complaint = Complaint.objects.create(
        ticket="ADU-TEST1-TEST1", access_code_hash="x", phase="PRA", category="ILLEGAL_RECRUITMENT",
        description="Calo.", village_id="18.07.02.2001", recruiter_phone="081399900002",
        due_at=timezone.now(),
    )  # fmt: skip
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=datetime.datetime(2026, 7, 10, 3, tzinfo=datetime.UTC)
    )

    flags_sweep_recent(hours=2)

    assert [flags_of(p).get("NP-CLUSTER") for p in placements] == ["OPEN"] * 4


def test_an_unknown_kind_of_change_is_an_error_not_a_silent_no_op():
    with pytest.raises(TypeError, match="country_ids"):
        affected_batches(country_ids=["LA"])
