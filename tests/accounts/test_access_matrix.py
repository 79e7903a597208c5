"""Issue 11 item 13: the access matrix guards itself.

Every URL pattern of the resolver is requested by every persona, with the records of both provinces
wherever the pattern takes one, and each answer is checked against `accounts.access_matrix.MATRIX`:
reached or refused as declared, and no person of a region outside the persona's scope in any answer.
A pattern the table does not declare fails the test. Totals print at the end.
"""

import re
from dataclasses import dataclass

import pytest
from axes import models as axes_models
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.access_matrix import NONE, OWN, access_for
from accounts.models import AccessAction
from accounts.roles import Role
from accounts.scoping import is_person_level
from accounts.services import access_log_record, api_token_issue, heartbeat_record, user_upsert
from placements.models import Agency, JobOrder
from tests.accounts.world import VILLAGES, make_province
from tests.conftest import PASSWORD
from tests.placements.builders import make_job_order

pytestmark = pytest.mark.django_db

REGION_OF = {"18": "18.07", "35": "35.78"}  # the regency each province's records live in
VILLAGE_OF = {"18": VILLAGES["18"], "35": VILLAGES["35"]}  # the village each province's people live in


@dataclass(frozen=True)
class Persona:
    """A user of the matrix: `role` names the column of `Access`; `regions` is the scope (None: all)."""

    name: str
    role: str
    make: object  # (fixtures) -> User or None
    regions: tuple[str, ...] | None = ()

    def covers(self, code: str) -> bool:
        return self.regions is None or any(code == c or code.startswith(c + ".") for c in self.regions)

    def sees_people_of(self, province: str) -> bool:
        roles = {"officer", "supervisor", "admin", "village_officer"}
        return self.role in roles and self.covers(VILLAGE_OF[province])


def _user(username, role, **scope):
    return lambda f: user_upsert(username=username, password=PASSWORD, role=role, **scope)


# One line per persona. Village officers: one of the village Lampung's people live in, one of a
# neighbouring village of the same district (who must see nobody of either province).
PERSONAS = [
    Persona("anonymous", "anonymous", lambda f: None),
    Persona("officer of 18", "officer", _user("m.officer18", Role.OFFICER, office=None, region_codes=["18"]), ("18",)),
    Persona("officer of 35", "officer", _user("m.officer35", Role.OFFICER, office=None, region_codes=["35"]), ("35",)),
    Persona("supervisor", "supervisor", _user("m.supervisor", Role.SUPERVISOR, region_codes=["18"]), ("18",)),
    Persona("admin", "admin", _user("m.admin", Role.ADMIN, all_regions=True), None),
    Persona("DPRD viewer of 18.07", "dprd_viewer", _user("m.dprd", Role.DPRD_VIEWER, region_codes=["18.07"]), ("18.07",)),
    Persona("API client of 18.07", "api_client", _user("m.api", Role.API_CLIENT, region_codes=["18.07"]), ("18.07",)),
    Persona("village officer of 18.07.01.2001", "village_officer", _user("m.desa", Role.VILLAGE_OFFICER, region_codes=[VILLAGES["18"]]), (VILLAGES["18"],)),
    Persona("village officer of 18.07.01.2002", "village_officer", _user("m.desa2", Role.VILLAGE_OFFICER, region_codes=["18.07.01.2002"]), ("18.07.01.2002",)),
]  # fmt: skip

# Values for URL parameters that are not a record (or a region) of one province.
FIXED = {
    "step": "departure",
    "decision": "confirm",
    "action": "note",
    "table": "negara-tujuan",
    "app_label": "workers",
    "url": "tidak-ada/",
    "licence_number": "KEP.101/PPTKIS/2023",
    "kind": "placements",
}
# Query strings some patterns are requested with; the placement form is prefilled with a Lampung worker,
# as the audit did (`?worker=<id>` showed any worker to any officer).
QUERY = {
    "admin:autocomplete": lambda world: (
        "?app_label=outreach&model_name=outreachevent&field_name=village&term=Suka"
    ),
    "admin:placements_placement_add": lambda world: f"?worker={world['18']['workers.worker'].pk}",
}
API_PK = {"workers": "workers.worker", "placements": "placements.placement"}


def patterns(resolver=None, prefix="", namespace=""):
    """(key, route, pattern) for every URL pattern; the key is the name, or "route:<route>" if unnamed."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield (f"{namespace}{entry.name}" if entry.name else f"route:{route}"), route, entry


def admin_model_of(route: str):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model
    return None


@dataclass
class Target:
    """One request to make: its URL and the province whose record or region it names (None: neither)."""

    url: str
    province: str | None


def targets(key, route, pattern, world, shared) -> list[Target]:
    names = set(pattern.pattern.regex.groupindex)
    model = admin_model_of(route)
    by_province = ("object_id" in names or "pk" in names) and (
        (model is not None and is_person_level(model))
        or route.startswith(("api/v1/workers", "api/v1/placements", "desa/"))
    )
    by_province = by_province or "code" in names or "content_type_id" in names or "placement_id" in names
    provinces = ["18", "35"] if by_province else [None]
    found = []
    for province in provinces:
        kwargs = {}
        for name in names:
            if name == "licence_number":  # builders number agencies afresh: ask the register
                kwargs[name] = Agency.objects.order_by("pk").values_list("licence_number", flat=True).first()
            elif name == "number":  # job orders too: the number depends on what ran before
                kwargs[name] = JobOrder.objects.order_by("pk").values_list("number", flat=True).first()
            elif name in FIXED:
                kwargs[name] = FIXED[name]
            elif name == "code":
                kwargs[name] = REGION_OF[province]
            elif name == "referral_id":
                kwargs[name] = world[province]["complaints.referral"].pk
            elif name == "placement_id":  # a village desk page about one resident's placement
                kwargs[name] = world[province]["placements.placement"].pk
            elif name == "attachment_id":
                kwargs[name] = world[province]["complaints.attachment"].pk
            elif name == "content_type_id":
                kwargs[name] = ContentType.objects.get_for_model(world[province]["workers.worker"]).pk
                kwargs["object_id"] = world[province]["workers.worker"].pk
            elif name == "id":
                kwargs[name] = shared.get(model, 0)  # a user's password page
            elif name == "history_id":  # a version of the province's record (change history)
                record = world[province][model._meta.label_lower]
                kwargs[name] = model.history.filter(id=record.pk).values_list("history_id", flat=True).last()
            elif name in {"object_id", "pk"} and "content_type_id" not in names:
                if route.startswith("desa/"):  # the village desk's pages about one resident
                    kwargs[name] = world[province]["workers.worker"].pk
                elif route.startswith("api/v1/"):
                    label = API_PK[route.removeprefix("api/v1/").split("/")[0]]
                    kwargs[name] = world[province][label].pk
                elif model is not None and is_person_level(model):
                    kwargs[name] = world[province][model._meta.label_lower].pk
                elif model is not None:
                    kwargs[name] = shared.get(model, 0)
                else:
                    kwargs[name] = shared["agency"]  # the public agency page
        if key.startswith("route:"):
            url = "/" + route
            for name, value in kwargs.items():
                url = re.sub(rf"<(\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), url)
            url = url.replace("^", "").replace("$", "")
        else:
            url = reverse(key, kwargs=kwargs)
        found.append(Target(url + (QUERY[key](world) if key in QUERY else ""), province))
    return found


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return "/login/" in location or "/masuk/" in location


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return {"18": make_province("18"), "35": make_province("35")}


def machinery_rows() -> None:
    """A row in each register of the libraries' admins (schedules, sign-in attempts), so its pages open."""
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create()
    SolarSchedule.objects.create(event="sunrise", latitude=-5.1, longitude=105.3)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="matrix", task="accounts.tasks.heartbeat", interval=interval)
    attempt = {"user_agent": "matrix", "http_accept": "*/*", "path_info": "/admin/login/", "username": "x"}
    axes_models.AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    axes_models.AccessLog.objects.create(**attempt)
    axes_models.AccessFailureLog.objects.create(**attempt)


@pytest.fixture
def clients(world):
    """A signed-in client per persona (the API client also carries its token)."""
    made = {}
    for persona in PERSONAS:
        user = persona.make(None)
        client = Client()
        if user is not None:
            client.force_login(user)
            if persona.role == "api_client":
                _token, key = api_token_issue(user=user, name="matrix")
                client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
        made[persona] = client
    return made


@pytest.fixture
def shared(world, clients):
    """One record of each register that is not a person's, for the admin pages that take an id."""
    job_order = make_job_order()
    heartbeat_record(hostname="worker-1")
    # An authenticator's recovery codes, so their admin pages are asked about a real record.
    StaticDevice.objects.create(user=get_user_model().objects.order_by("pk").first(), name="matrix")
    machinery_rows()
    access_log_record(
        action=AccessAction.VIEW, subject_type="worker", subject_id=world["18"]["workers.worker"].pk
    )
    objects = {
        model: model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        for model in admin.site._registry
    }
    return {**{m: pk for m, pk in objects.items() if pk is not None}, "agency": job_order.agency_id}  # fmt: skip


def person_strings(world) -> dict[str, list[str]]:
    strings = {}
    for province, records in world.items():
        worker, complaint = records["workers.worker"], records["complaints.complaint"]
        strings[province] = [
            worker.full_name,
            worker.registration_number,
            complaint.ticket,
            complaint.reporter_name,
        ]
    return strings


def test_every_url_answers_every_persona_as_the_matrix_declares(world, clients, shared, capsys):
    undeclared, wrong, leaks = [], [], []
    requests = denials = urls = 0
    strings = person_strings(world)

    for key, route, pattern in patterns():
        access = access_for(key)
        if access is None:
            undeclared.append(key)
            continue
        urls += 1
        for target in targets(key, route, pattern, world, shared):
            for persona, client in clients.items():
                scope = getattr(access, persona.role)
                expected_refused = scope == NONE or (
                    scope == OWN
                    and target.province is not None
                    and not persona.covers(VILLAGE_OF[target.province])
                )
                response = client.get(target.url)
                requests += 1
                was_refused = refused(response)
                denials += was_refused
                if response.status_code >= 500 or was_refused != expected_refused:
                    wrong.append(f"{persona.name} GET {target.url}: {response.status_code}, declared {scope}")
                # Whatever the page, nobody reads a person outside their own scope on it.
                if not was_refused and not getattr(response, "streaming", False):
                    body = response.content.decode(errors="replace")
                    for province, texts in strings.items():
                        if not persona.sees_people_of(province) and any(t and t in body for t in texts):
                            leaks.append(f"{persona.name} GET {target.url}: a person of {province}")

    with capsys.disabled():
        print(
            f"\naccess matrix: {urls} URL patterns, {len(PERSONAS)} personas, {requests} requests, {denials} denials"
        )
    assert undeclared == [], "declare these URL patterns in accounts/access_matrix.py"
    assert wrong == [], "\n".join(wrong)
    assert leaks == [], "\n".join(leaks)
