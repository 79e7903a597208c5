"""Issue 11 item 2: every read of a person's record, list or detail, leaves an access-log row.

The document admin page showed the worker's name and wrote nothing; changelists and the staff API lists
showed names and logged nothing. The walks below visit every scoped admin page and every API endpoint
with an object of each kind and fail on a read that leaves no row, so the next page cannot forget.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.access import PERSON_RECORDS
from accounts.admin_scoping import ScopedAdminMixin
from accounts.models import AccessAction, AccessLog
from accounts.scoping import is_person_level
from tests.accounts.world import make_province
from tests.placements.builders import make_worker

pytestmark = pytest.mark.django_db

# Values for the URL parameters that are not the object itself.
EXTRA_KWARGS = {"step": "departure", "decision": "confirm", "action": "note"}


@pytest.fixture
def lampung(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return make_province("18")


def rows() -> int:
    return AccessLog.objects.count()


# --- what was missed -------------------------------------------------------------------------------


def test_the_document_admin_page_logs_whose_document_was_read(client, officer_lampung, lampung):
    document = lampung["workers.document"]
    client.force_login(officer_lampung)

    response = client.get(f"/admin/workers/document/{document.pk}/change/")

    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.subject_type, entry.subject_id) == ("VIEW", "worker", str(document.worker_id))
    assert entry.detail == {"document": document.pk}
    assert entry.username == "officer.lampung"


def test_a_list_page_of_workers_writes_one_list_row_for_the_whole_page(client, officer_lampung):
    for _ in range(3):
        make_worker()
    client.force_login(officer_lampung)

    response = client.get("/admin/workers/worker/?status=SUBMITTED")

    assert response.status_code == 200
    entry = AccessLog.objects.get()  # one row, not one per worker shown
    assert (entry.action, entry.subject_type) == (AccessAction.LIST, "worker")
    assert entry.detail == {"kind": "worker", "filter": {"status": "SUBMITTED"}, "rows": 3}


def test_a_nik_typed_into_a_list_search_never_reaches_the_log(client, officer_lampung):
    client.force_login(officer_lampung)

    client.get("/admin/workers/worker/?q=1807015708990001")

    entry = AccessLog.objects.get()
    assert "1807015708990001" not in str(entry.detail)


def test_the_staff_api_list_of_workers_writes_one_list_row(officer_lampung):
    for _ in range(2):
        make_worker()
    api = APIClient()
    api.force_authenticate(officer_lampung)

    response = api.get("/api/v1/workers/")

    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.username, entry.detail["rows"]) == (AccessAction.LIST, "officer.lampung", 2)


def test_a_detail_page_opened_once_writes_one_row_however_often_the_admin_fetches_it(
    client, officer_lampung, lampung
):
    complaint = lampung["complaints.complaint"]
    client.force_login(officer_lampung)

    client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")

    assert AccessLog.objects.filter(subject_type="complaint", subject_id=str(complaint.pk)).count() == 1


def test_a_refused_read_of_another_provinces_record_writes_no_row(client, officer_jatim, lampung):
    client.force_login(officer_jatim)

    response = client.get(f"/admin/workers/document/{lampung['workers.document'].pk}/change/")

    assert response.status_code == 404
    assert rows() == 0


# --- the walks ------------------------------------------------------------------------------------


def test_every_scoped_model_declares_whether_it_is_a_persons_record():
    scoped = {model._meta.label_lower for model in admin.site._registry if is_person_level(model)}

    assert scoped <= set(PERSON_RECORDS), "declare each scoped model in accounts.access.PERSON_RECORDS"


def admin_pages(model_admin, world):
    """Every GET page of this admin, with the world's object of its model wherever the URL takes one."""
    obj = world[model_admin.model._meta.label_lower]
    for pattern in model_admin.urls:
        names = set(pattern.pattern.regex.groupindex)
        if not pattern.name:
            continue  # Django's bare `<id>/` redirect to the change page
        if "object_id" in names or "pk" in names:
            kwargs = {
                name: obj.pk if name in {"object_id", "pk"} else EXTRA_KWARGS.get(name) for name in names
            }
            if "attachment_id" in names:
                kwargs["attachment_id"] = world["complaints.attachment"].pk
            if "referral_id" in names:
                kwargs["referral_id"] = world["complaints.referral"].pk
            if "history_id" in names:  # the record's latest version (change history)
                kwargs["history_id"] = obj.history.values_list("history_id", flat=True).last()
            yield "detail", reverse(f"admin:{pattern.name}", kwargs=kwargs)
        elif pattern.name and pattern.name.endswith("_changelist"):
            yield "list", reverse(f"admin:{pattern.name}")


def test_every_page_of_every_scoped_admin_that_shows_a_person_logs_the_read(client, admin_user, lampung):
    client.force_login(admin_user)
    unlogged, read = [], 0
    for model, model_admin in admin.site._registry.items():
        if (
            not isinstance(model_admin, ScopedAdminMixin)
            or PERSON_RECORDS.get(model._meta.label_lower) is None
        ):
            continue
        for kind, url in admin_pages(model_admin, lampung.by_model):
            before = rows()
            response = client.get(url)
            if response.status_code != 200:
                continue  # a redirect, a refusal or a POST-only address shows nobody
            read += 1
            if rows() == before:
                unlogged.append(url)
            elif kind == "list":
                assert AccessLog.objects.order_by("-id").first().action == AccessAction.LIST, url

    assert unlogged == []
    assert read >= 15  # every list and change page, history, exports, confirmations


def api_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/v1/"):
            yield prefix + str(entry.pattern), entry


# How to fill each API route's parameters: the object a `pk` means, by the route's first segment.
API_PK_MODELS = {"workers": "workers.worker", "placements": "placements.placement"}
API_OTHER = {"code": "18.07", "licence_number": "KEP.101/PPTKIS/2023", "number": "SIP2MI/2026/LPG/0001"}


def test_every_api_read_that_needs_a_sign_in_logs_the_read(admin_user, lampung):
    staff, anonymous = APIClient(), APIClient()
    staff.force_authenticate(admin_user)
    unlogged, read = [], 0
    for route, pattern in api_patterns():
        names = set(pattern.pattern.regex.groupindex)
        kwargs = {}
        for name in names:
            if name == "pk":
                label = API_PK_MODELS.get(route.removeprefix("api/v1/").split("/")[0])
                assert label, f"say which object {route} takes in API_PK_MODELS"
                kwargs[name] = lampung[label].pk
            else:
                assert name in API_OTHER, f"give a value for {name} of {route} in API_OTHER"
                kwargs[name] = API_OTHER[name]
        url = reverse(pattern.name, kwargs=kwargs)
        if anonymous.get(url).status_code == 200:
            continue  # public: no person in it (the matrix test proves that)
        before = rows()
        if staff.get(url).status_code != 200:
            continue
        read += 1
        if rows() == before:
            unlogged.append(url)

    assert unlogged == []
    assert read >= 6  # workers, worker, export, placements, placement, flags, complaints, stats


def test_an_autocomplete_of_workers_offers_only_the_users_and_logs_one_list_row(
    client, officer_jatim, monkeypatch
):
    # No form completes workers by name today; this one does, as the next might.
    placement_admin = next(
        a for m, a in admin.site._registry.items() if m._meta.label == "placements.Placement"
    )
    monkeypatch.setattr(placement_admin, "autocomplete_fields", ["worker"])
    monkeypatch.setattr(placement_admin, "raw_id_fields", ["agency", "job_order"])
    make_worker(full_name="Sri Lampungwati")
    make_worker(village_code="35.78.01.1001", full_name="Sri Suroboyo")
    client.force_login(officer_jatim)

    response = client.get(
        "/admin/autocomplete/?app_label=placements&model_name=placement&field_name=worker&term=Sri"
    )

    assert response.status_code == 200
    assert [r["text"].split(" ", 1)[1] for r in response.json()["results"]] == ["Sri Suroboyo"]
    entry = AccessLog.objects.get()
    assert (entry.action, entry.subject_type, entry.detail["rows"]) == (AccessAction.LIST, "worker", 1)
