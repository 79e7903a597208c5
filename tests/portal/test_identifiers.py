"""portal/identifiers.py: one phone number is one stored value whatever way it was typed and wherever it
entered (forms, API, import, admin, services); a number that cannot be one is refused in Indonesian."""

import csv
import io

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from complaints.models import Complaint
from placements.imports import placements_import
from placements.models import Agency, Placement
from placements.rules import engine
from placements.services import agency_save, placement_save
from portal.errors import ApplicationError
from portal.identifiers import (
    PhoneInvalid,
    create_with_public_code,
    phone_column_normalise,
    phone_normalise,
    public_code,
    register_number_normalise,
)
from tests.complaints.builders import api_data, form_data
from tests.rules.builders import DAY, D, flags_of, make_nik, make_placement, make_worker
from tests.workers.builders import api_registration_data, registration_data
from tests.workers.pages import text
from workers.models import FamilyContact, Worker

pytestmark = pytest.mark.django_db

STORED = "081399900002"
SPELLINGS = [
    "0813 9990 0002",
    "+62 813-9990-0002",
    "62-813-9990-0002",
    "(0813) 9990.0002",
    "+62 (0)813 99900002",
]


@pytest.mark.parametrize("spelling", [*SPELLINGS, STORED, "6281399900002", "０８１３９９９００００２"])
def test_every_spelling_of_one_indonesian_number_has_one_stored_form(spelling):
    assert phone_normalise(spelling) == STORED


def test_a_landline_and_a_foreign_number_have_their_own_stored_forms():
    assert phone_normalise("(0721) 555-000") == "0721555000"
    assert phone_normalise("+60 12-345 6789") == "+60123456789"
    assert phone_normalise("   ") == ""


@pytest.mark.parametrize(
    "bad", ["0812", "08123456789012345", "0812-abc-7890", "08¹²3456789", "1234567890", "0060123"]
)
def test_a_number_that_cannot_be_dialled_is_refused(bad):
    with pytest.raises(PhoneInvalid):
        phone_normalise(bad)


def test_the_registration_form_stores_both_phones_normalised(client, regions):
    response = client.post(
        "/daftar/", registration_data(phone="+62 812-3456-7890", family_phone="62 813 1111 2222")
    )

    assert response.status_code == 302
    worker = Worker.objects.get()
    assert worker.phone == "081234567890"
    assert FamilyContact.objects.get(worker=worker).phone == "081311112222"


def test_the_registration_form_explains_a_bad_phone_in_indonesian(client, regions):
    response = client.post("/daftar/", registration_data(phone="0812"))

    assert response.status_code == 200
    assert "terlalu sedikit atau terlalu banyak angka" in text(response)
    assert not Worker.objects.exists()


def test_the_registration_api_stores_the_phone_normalised_and_refuses_letters(api, regions):
    response = api.post(
        "/api/v1/registrations/", api_registration_data(phone="62-812-3456-7890"), format="json"
    )
    assert response.status_code == 201
    assert Worker.objects.get().phone == "081234567890"

    response = api.post(
        "/api/v1/registrations/",
        api_registration_data(phone="0812-TELP-SAYA", nik=make_nik(serial=77)),
        format="json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert "diawali 0, 62 atau +62" in response.json()["error"]["fields"]["phone"][0]


def test_the_complaint_form_stores_reporter_and_recruiter_phones_normalised(client, office_lampung):
    response = client.post(
        "/pengaduan/", form_data(reporter_phone="+62 813 1111 2222", recruiter_phone="62-813-9990-0002")
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.reporter_phone, complaint.recruiter_phone) == ("081311112222", STORED)


def test_the_complaint_form_refuses_a_bad_broker_number_with_a_message(client, office_lampung):
    response = client.post("/pengaduan/", form_data(recruiter_phone="0813-9990"))

    assert response.status_code == 200
    assert "terlalu sedikit atau terlalu banyak angka" in text(response)
    assert not Complaint.objects.exists()


def test_the_complaint_api_stores_the_reporter_phone_normalised(api, office_lampung):
    response = api.post("/api/v1/complaints/", api_data(reporter_phone="+62 (0)813-1111-2222"), format="json")

    assert response.status_code == 201
    assert Complaint.objects.get().reporter_phone == "081311112222"


def test_the_agency_admin_form_stores_the_phone_normalised_and_refuses_a_bad_one(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    form_class = site._registry[Agency].get_form(request)
    data = {
        "name": "PT Uji Telepon",
        "licence_number": "KEP.1/UJI/2026",
        "address": "",
        "phone": "(0721) 555-000",
    }

    form = form_class(data=data)
    assert form.is_valid(), form.errors
    agency = agency_save(agency=form.save(commit=False))
    agency.refresh_from_db()
    assert agency.phone == "0721555000"

    bad = form_class(data={**data, "licence_number": "KEP.2/UJI/2026", "phone": "0721-ABC"})
    assert not bad.is_valid()
    assert "phone" in bad.errors


def test_a_service_refuses_a_bad_phone_with_an_application_error_naming_the_field(office_lampung):
    from complaints.services import complaint_file

    with pytest.raises(ApplicationError) as raised:
        complaint_file(
            category="UNPAID_WAGES", phase="MASA", description="Gaji tidak dibayar tiga bulan.", anonymous=True,
            recruiter_phone="0813-99",
        )  # fmt: skip
    assert set(raised.value.fields) == {"recruiter_phone"}


def import_rows(rows: list[dict]) -> None:
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    handle.seek(0)
    report = placements_import(handle=handle, source="uji")
    assert not report.rejected, report.rejected


def test_five_spellings_of_one_recruiter_phone_through_the_entry_points_raise_np_cluster(admin_user):
    """Import (two rows), the placement admin form and the placement service each see another spelling;
    the five workers of one village then form one cluster."""
    village, july = "18.07.02.2001", D(2026, 7, 1)
    common = {
        "scheme": "P2P", "recruiter_type": "INDIVIDUAL", "recruiter_name": "Bu Sari", "destination_country": "MY",
        "position": "HOUSEKEEPER", "visa_type": "WORK", "departure_date": "2026-12-20", "phase": "PRA",
    }  # fmt: skip
    import_rows(
        [
            {
                **common,
                "external_id": f"UJI-{n}",
                "nik": make_nik(village[:8], "F", D(1995, 3, 1), 500 + n),
                "full_name": f"Pekerja {n}",
                "sex": "F",
                "birth_date": "1995-03-01",
                "village_code": village,
                "recruiter_phone": SPELLINGS[n],
                "recruited_date": (july + n * DAY).isoformat(),
            }  # fmt: skip
            for n in range(2)
        ]
    )
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    by_form = make_placement(
        make_worker(village=village), agency=None, job_order=None, recruiter_phone=STORED
    )
    form = site._registry[Placement].get_form(request, by_form)(
        instance=by_form, data={**_form_data(by_form), "recruiter_phone": SPELLINGS[2]}
    )
    assert form.is_valid(), form.errors
    placement_save(placement=form.save(commit=False))
    for n in (3, 4):
        make_placement(
            make_worker(village=village), agency=None, job_order=None, recruiter_type="INDIVIDUAL",
            recruiter_phone=SPELLINGS[n], recruited_date=july + n * DAY, departure_date=D(2026, 12, 20), phase="PRA",
        )  # fmt: skip

    placements = list(Placement.objects.filter(worker__domicile_village_id=village).order_by("id"))
    assert len(placements) == 5
    assert {p.recruiter_phone for p in placements} == {STORED}
    engine.evaluate_placements(placement_ids=[p.pk for p in placements], rules=["NP-CLUSTER"])
    assert [flags_of(p).get("NP-CLUSTER") for p in placements] == ["OPEN"] * 5


def _form_data(placement: Placement) -> dict:
    """What the admin form shows for `placement`, as it would post it back unchanged."""
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(placement).items() if v is not None}
    data.update(
        recruiter_type="INDIVIDUAL", recruited_date="2026-07-03", departure_date="2026-12-20",
        recruiter_name="Bu Sari",
    )  # fmt: skip
    return data


def test_the_data_migration_step_rewrites_old_spellings_and_keeps_what_it_cannot_read():
    worker = make_worker()
    Worker.objects.filter(pk=worker.pk).update(phone="+62 812-3456-7890")
    other = make_worker()
    Worker.objects.filter(pk=other.pk).update(phone="tanya pak RT")

    phone_column_normalise(Worker, "phone")

    assert Worker.objects.get(pk=worker.pk).phone == "081234567890"
    assert Worker.objects.get(pk=other.pk).phone == "tanya pak RT"


def test_licence_and_job_order_numbers_have_one_form():
    assert register_number_normalise(" kep. 101 / pptkis / 2023 ") == "KEP.101/PPTKIS/2023"
    assert register_number_normalise("SIP2MI/2026/LPG/0001") == "SIP2MI/2026/LPG/0001"


def test_public_codes_use_the_unambiguous_alphabet_and_groups():
    code = public_code(10, prefix="ADU-", group=5)
    assert code[:4] == "ADU-" and code[9] == "-" and len(code) == 15
    assert not set(code[4:].replace("-", "")) & set("01IO")


@pytest.mark.django_db
def test_a_taken_ticket_draws_another_and_five_give_a_503(monkeypatch):
    """The ticket's unique constraint is the one PostgreSQL names itself for `unique=True`."""
    from complaints.models import Complaint
    from tests.complaints.builders import file_complaint

    first, _code = file_complaint()
    codes = iter([first.ticket, first.ticket, "ADU-FRESH-CODE1"])
    monkeypatch.setattr("complaints.services.new_ticket", lambda: next(codes))

    second, _code = file_complaint()

    assert second.ticket == "ADU-FRESH-CODE1"
    monkeypatch.setattr("complaints.services.new_ticket", lambda: first.ticket)
    with pytest.raises(ApplicationError) as raised:
        file_complaint()
    assert raised.value.status == 503
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_another_integrity_error_is_raised_not_answered_as_a_collision():
    """Drawing another code cannot mend a different constraint: it is raised at once, not retried into a 503."""
    from django.db import IntegrityError

    from complaints.models import Complaint

    tries = []

    def create(ticket):
        tries.append(ticket)
        return Complaint.objects.create(ticket=ticket, category="UNPAID_WAGES", village_id="99.99.99.9999")

    with pytest.raises(IntegrityError):
        create_with_public_code(create, lambda: f"ADU-{len(tries)}", model=Complaint, field="ticket")
    assert len(tries) == 1


def test_a_licence_number_typed_loosely_finds_the_agency_and_is_stored_in_one_form(api):
    agency = agency_save(agency=Agency(name="PT Uji Nomor", licence_number="kep. 55 / p3mi / 2025"))
    assert Agency.objects.get(pk=agency.pk).licence_number == "KEP.55/P3MI/2025"

    response = api.get("/api/v1/agencies/", {"q": "Kep.55 / P3MI/2025"})

    assert response.status_code == 200
    assert [a["licence_number"] for a in response.json()] == ["KEP.55/P3MI/2025"]
