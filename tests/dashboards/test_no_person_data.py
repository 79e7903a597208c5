"""Acceptance: no URL of the portal shows a DPRD member or an API client anything about a person.

Every URL pattern of the URL configuration is requested, each parameter filled from an explicit table of
sample values (the test fails, rather than skips, on a pattern it cannot fill, so a new URL is covered
the day it is added), as the DPRD member (session) and as the API client (token), following no redirect.
Whatever the status, the body must not contain a name, NIK, phone number, passport number, registration
number, ticket, access code or a person's primary key in a URL or a key naming a person record.
"""

import datetime
import html
import io
import itertools
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve
from django.urls.converters import get_converters
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize
from openpyxl import load_workbook
from rest_framework.test import APIClient

from complaints.admin import ACTIONS as COMPLAINT_ACTIONS
from complaints.models import Complaint
from complaints.services import complaint_attach
from dashboards.exports import export_tables
from dashboards.periods import Period
from dashboards.selectors import outreach_priorities, region_dashboard
from dashboards.services import summary_refresh
from placements.admin_forms import PhaseForm
from placements.models import Placement
from tests.builders import make_nik, make_worker
from tests.complaints.builders import PDF, file_complaint, upload
from tests.dashboards.builders import (
    LABUHAN_MARINGGAI,
    PASAR_SUKADANA,
    SUKADANA,
    make_flag,
    make_outreach,
    make_return,
)
from tests.placements.builders import make_agency, make_job_order
from tests.placements.builders import make_placement as save_placement
from workers.models import Worker
from workers.services import document_upsert

pytestmark = pytest.mark.django_db

# Who appears in the data: (name, phone, village, birth date). Phones are written differently on purpose.
PEOPLE = [
    ("Siti Zulaikha Testperson", "081299887766", SUKADANA, datetime.date(1995, 3, 14)),
    ("Rahmat Hidayat Testperson", "0821-3344-5566", SUKADANA, datetime.date(1990, 7, 2)),
    ("Dewi Kartika Testperson", "+62 852 7788 9900", PASAR_SUKADANA, datetime.date(1998, 11, 23)),
    ("Nur Aini Testperson", "081377001122", PASAR_SUKADANA, datetime.date(1993, 1, 30)),
    ("Yanti Susanti Testperson", "085611002233", LABUHAN_MARINGGAI, datetime.date(1997, 5, 9)),
    ("Agus Salim Testperson", "081955443322", LABUHAN_MARINGGAI, datetime.date(1989, 12, 1)),
]
FAMILY = ("Slamet Keluarga Testperson", "081377665544")
REPORTERS = [("Ratna Pelapor Testperson", "085711223344"), ("Joko Pelapor Testperson", "087812345678")]
STORY = "Majikan Testperson menahan paspor"  # what a reporter wrote: person-level free text
PERSON_RECORDS = "workers?|placements?|complaints?|flags?|documents?|pekerja|penempatan|pengaduan"


@dataclass
class People:
    words: list[str] = field(default_factory=list)  # matched case-insensitively
    numbers: list[str] = field(default_factory=list)  # matched in any spacing or punctuation
    pks: dict[str, list[int]] = field(default_factory=dict)  # record kind -> primary keys
    table_slugs: list[str] = field(default_factory=list)
    district: str = ""
    village: str = ""
    agency: object = None
    job_order: object = None
    attachment: object = None


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def phone_core(phone: str) -> str:
    """The subscriber number without 0 or +62, so 0812..., +62812... and 62812... all match."""
    number = digits(phone)
    return number[2:] if number.startswith("62") else number.lstrip("0")


@pytest.fixture
def people(regions, settings, tmp_path, dprd_lampungtimur, api_client_user) -> People:
    settings.MEDIA_ROOT = tmp_path / "private-media"
    data = People(district="18.07.01", village=SUKADANA)
    data.agency = make_agency()
    data.job_order = make_job_order(agency=data.agency)
    today = timezone.localdate()
    workers, placements, flags = [], [], []
    for serial, (name, phone, village, born) in enumerate(PEOPLE, start=4711):
        nik = make_nik(village[:8], "F", born, serial)
        worker = make_worker(
            village, nik=nik, full_name=name, birth_date=born, phone=phone,
            email=f"{name.split()[0].lower()}.testperson@example.id", address=f"Jalan Testperson {serial}",
            family={"full_name": FAMILY[0], "relation": "PARENT", "phone": FAMILY[1]},
        )  # fmt: skip
        passport = f"X{serial}9081"
        document_upsert(worker=worker, doc_type="PASSPORT", number=passport)
        placement = save_placement(
            worker, job_order=data.job_order, phase="MASA", departure_date=today - datetime.timedelta(days=40),
            external_id=f"EXT-TESTPERSON-{serial}",
        )  # fmt: skip
        if serial % 2:
            flags.append(make_flag(placement))
        workers.append(worker)
        placements.append(placement)
        data.words += [
            name,
            worker.registration_number,
            passport,
            placement.external_id,
            worker.email,
            worker.address,
        ]
        data.words += [worker.nik_index, worker.nik_encrypted]
        data.numbers += [nik, phone_core(phone)]
    make_return(placements[-1], returned_on=today - datetime.timedelta(days=3))
    complaints = []
    for (reporter, phone), village in zip(REPORTERS, [SUKADANA, LABUHAN_MARINGGAI], strict=True):
        complaint, access_code = file_complaint(
            reporter_name=reporter, reporter_phone=phone, village_code=village, description=f"{STORY} {reporter}.",
            agency_licence_number=data.agency.licence_number,
        )  # fmt: skip
        complaints.append(complaint)
        data.words += [reporter, complaint.ticket, access_code]
        data.numbers.append(phone_core(phone))
    data.attachment = complaint_attach(complaint=complaints[0], upload=upload("bukti-testperson.pdf", PDF))
    make_outreach(SUKADANA, held_on=today - datetime.timedelta(days=60))
    data.words += [FAMILY[0], STORY, "Testperson"]
    data.numbers.append(phone_core(FAMILY[1]))
    data.pks = {
        "worker": [w.pk for w in workers],
        "placement": [p.pk for p in placements],
        "flag": [f.pk for f in flags],
        "complaint": [c.pk for c in complaints],
        "attachment": [data.attachment.pk],
    }
    summary_refresh()
    period = Period.default()
    for code in ("18.07", data.district, data.village):
        tables = export_tables(
            region_dashboard(code=code, period=period), outreach_priorities(code=code, period=period)
        )
        data.table_slugs += [t.slug for t in tables if t.slug not in data.table_slugs]
    return data


def sample_values(data: People) -> dict[tuple[str, str], list[str]]:
    """Values for each (converter, parameter) of the URL configuration; regex groups have converter "re".
    A pattern with a parameter missing here fails the test: add its values when adding the URL."""
    one_of_each = [pks[0] for pks in data.pks.values()]
    content_types = ContentType.objects.get_for_models(Worker, Placement, Complaint).values()
    return {
        ("region", "code"): ["18.07", data.district, data.village],
        ("slug", "table"): data.table_slugs,
        ("int", "pk"): [str(pk) for pk in dict.fromkeys([*one_of_each, data.agency.pk])],
        ("int", "attachment_id"): [str(data.attachment.pk)],
        ("int", "placement_id"): [str(pk) for pk in data.pks["placement"]],  # the village desk's report page
        ("int", "history_id"): ["1"],  # staff only: a version of a person's record
        ("str", "kind"): ["placements"],  # staff only: an import template
        ("int", "referral_id"): ["1"],  # staff only: a DPRD member or API client never reaches a referral
        ("path", "object_id"): [str(pk) for pk in dict.fromkeys(one_of_each)],
        ("path", "content_type_id"): [str(ct.pk) for ct in content_types],
        ("path", "licence_number"): [data.agency.licence_number],
        ("path", "number"): [data.job_order.number],
        ("str", "decision"): ["confirm", "dismiss", "refer"],
        ("str", "step"): list(PhaseForm.STEPS),
        ("str", "action"): list(COMPLAINT_ACTIONS),
        ("str", "id"): [str(data.pks["worker"][0])],
        ("re", "app_label"): ["workers", "placements", "complaints"],
        ("re", "url"): [f"workers/worker/{data.pks['worker'][0]}", "tidak-ada/"],
    }


# --- Walking the URL configuration -------------------------------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def url_patterns(patterns=None, chain=()):
    """Every URL pattern, as the chain of patterns from the root URLconf down to it."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, (*chain, entry))
        else:
            yield (*chain, entry)


def parameters(pattern) -> list[tuple[str, str]]:
    if isinstance(pattern, RoutePattern):
        found = ROUTE_PARAMETER.findall(pattern._route)
        names = {type(converter): name for name, converter in get_converters().items()}
        checked = {name: names[type(c)] for name, c in pattern.converters.items()}
        return [(checked.get(name, converter or "str"), name) for converter, name in found]
    if isinstance(pattern, RegexPattern):
        return [("re", name) for name in pattern.regex.groupindex]
    raise AssertionError(f"a URL pattern of an unknown kind: {pattern!r}")


def fill(pattern, values: dict[str, str]) -> str:
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(lambda m: values[m.group("name")], pattern._route)
    format_string, _names = normalize(pattern.regex.pattern)[0]
    return format_string % values


def route_of(chain) -> str:
    return "".join(str(entry.pattern) for entry in chain)


def urls_to_request(data: People) -> list[tuple[str, str]]:
    """(route, URL) for every pattern and every combination of its sample values."""
    samples = sample_values(data)
    urls, unfillable = [], []
    for chain in url_patterns():
        route = route_of(chain)
        if route.startswith(("static/", "media/", "^static/", "^media/")):
            continue
        wanted = [p for entry in chain for p in parameters(entry.pattern)]
        missing = [p for p in wanted if not samples.get(p)]
        if missing:
            unfillable.append(f"{route}: {missing}")
            continue
        for combination in itertools.product(*(samples[p] for p in wanted)):
            values = {name: value for (_converter, name), value in zip(wanted, combination, strict=True)}
            url = "/" + "".join(fill(entry.pattern, values) for entry in chain)
            match = resolve(url)
            assert match.func == chain[-1].callback, f"{url} resolves to {match.view_name}, not to {route}"
            urls.append((route, url))
    if unfillable:
        pytest.fail(
            "No sample values for these URL parameters; add them to sample_values():\n"
            + "\n".join(unfillable)
        )
    return urls


# --- Reading a response --------------------------------------------------------------------------------------


def readable(response) -> str:
    """What the response hands over: its body (an XLSX workbook as the text of its cells) and file name."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PK\x03\x04":
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        text = "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    else:
        text = body.decode("utf-8", errors="replace")
    return html.unescape(f"{text}\n{response.get('Content-Disposition', '')}")


def person_data_in(text: str, data: People) -> list[str]:
    lowered = text.lower()
    found = [word for word in data.words if word and word.lower() in lowered]
    # Digits however they are grouped: "1807 0157 0599 0001", "0812-9988-7766", "+62 812 9988 7766".
    joined = re.sub(r"(?<=\d)[\s.\-/()]+(?=\d)", "", text)
    found += [number for number in data.numbers if number in joined]
    for kind, pks in data.pks.items():
        for pk in pks:
            in_url = rf"/(?:{PERSON_RECORDS})/{pk}(?!\d)"
            in_key = rf'"(?:{kind}|{kind}_id|{kind}_pk|id)"\s*:\s*"?{pk}(?!\d)'
            if re.search(in_url, text, re.IGNORECASE) or (kind in text and re.search(in_key, text)):
                found.append(f"{kind} #{pk}")
    return found


def visit_all(client, urls, data: People) -> tuple[dict[str, list[str]], list[str]]:
    """Request every URL; returns the leaks per URL and the URLs answered 200."""
    leaks, answered = {}, []
    for _route, url in urls:
        response = client.get(url)
        found = person_data_in(readable(response), data)
        if found:
            leaks[f"{url} ({response.status_code})"] = found
        if response.status_code == 200:
            answered.append(url)
    return leaks, answered


# --- The test ------------------------------------------------------------------------------------------------


def test_no_url_shows_person_data_to_a_dprd_member_or_an_api_client(
    people, client, dprd_lampungtimur, api_token
):
    urls = urls_to_request(people)
    dprd = client
    dprd.force_login(dprd_lampungtimur)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token}")

    dprd_leaks, dprd_answered = visit_all(dprd, urls, people)
    api_leaks, api_answered = visit_all(api, urls, people)

    print(f"\n{len(urls)} URLs requested per persona.")
    for persona, answered in (("DPRD member (session)", dprd_answered), ("API client (token)", api_answered)):
        print(f"200 for the {persona}: {len(answered)}\n  " + "\n  ".join(answered))
    assert dprd_leaks == {}
    assert api_leaks == {}
    # The walk reached the pages and exports that carry the data, and still shows them to the end.
    assert {"/dprd/wilayah/18.07/", "/dprd/wilayah/18.07.01/unduh.xlsx", f"/dprd/wilayah/{SUKADANA}/"} <= set(
        dprd_answered
    )
    assert {"/api/v1/stats/18.07/", "/api/v1/stats/18.07/villages/"} <= set(api_answered)
    assert "Pakuan Aji" in readable(dprd.get("/dprd/wilayah/18.07.01/prioritas-sosialisasi/"))
    assert "Kabupaten Lampung Timur (18.07)" in readable(dprd.get("/dprd/wilayah/18.07/unduh.xlsx"))


def test_the_check_finds_person_data_where_staff_may_see_it(people, officer_lampung):
    """The control: the same check on what an officer in scope reads does find the person."""
    officer = APIClient()
    officer.force_login(officer_lampung)
    worker = people.pks["worker"][0]

    found = person_data_in(readable(officer.get(f"/api/v1/workers/{worker}/")), people)

    assert "Siti Zulaikha Testperson" in found
    assert any(word.startswith("CPMI-") or "worker #" in word for word in found)
