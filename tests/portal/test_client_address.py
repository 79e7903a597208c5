"""One client address (issue 11, item 3): a forged X-Forwarded-For changes nothing in any limit.

The public limits are the production defaults: 10 registrations an hour (public_write) and 20
tracking calls an hour (public_check) per address.
"""

import itertools

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.models import AccessAction, AccessLog
from accounts.services import access_log_record
from portal.client import client_address
from portal.throttling import ClientAddressMixin
from tests.workers.builders import api_registration_data, make_nik
from workers.models import Worker

PEER = "198.51.100.20"
forged = (f"203.0.113.{n}" for n in itertools.count(1))


def address_of(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


# --- the rule -------------------------------------------------------------------------------------------


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says(settings):
    settings.TRUSTED_PROXIES = []

    assert address_of(PEER, "203.0.113.9") == PEER


def test_a_trusted_proxy_is_named_by_address_or_by_network(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "172.18.0.2"]

    assert address_of("10.4.5.6", "203.0.113.9") == "203.0.113.9"
    assert address_of("172.18.0.2", "203.0.113.9") == "203.0.113.9"
    assert address_of("172.18.0.3", "203.0.113.9") == "172.18.0.3"


def test_through_a_chain_of_our_proxies_the_first_foreign_hop_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # The client wrote "1.2.3.4"; our edge proxy saw 203.0.113.9 and our inner proxy saw the edge.
    assert address_of("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1") == "203.0.113.9"


def test_garbage_in_the_header_falls_back_to_the_proxy_not_to_the_garbage(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert address_of("10.0.0.2", "<script>") == "10.0.0.2"
    assert address_of("10.0.0.2", "") == "10.0.0.2"


# --- every limit counts the forger as one address ----------------------------------------------------------


def test_fifteen_registrations_with_fifteen_forged_addresses_are_throttled_as_one(db, settings):
    settings.TRUSTED_PROXIES = []
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public_write": "10/day"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    api = APIClient(REMOTE_ADDR=PEER)

    statuses = [
        api.post(
            "/api/v1/registrations/",
            # A new NIK and phone each time, so only the per-address limit can stop it.
            api_registration_data(nik=make_nik(serial=serial), phone=f"0812000000{serial:02d}"),
            format="json",
            HTTP_X_FORWARDED_FOR=next(forged),
        ).status_code
        for serial in range(1, 16)
    ]

    assert statuses == [201] * 10 + [429] * 5
    assert Worker.objects.count() == 10


def test_twenty_five_tracking_calls_with_forged_addresses_are_throttled_as_one(db, settings):
    settings.TRUSTED_PROXIES = []
    api = APIClient(REMOTE_ADDR=PEER)

    statuses = [
        api.post(
            "/api/v1/complaints/track/",
            # A new ticket each time, so only the per-address limit can stop it.
            {"ticket": f"ADU-{n:05d}", "access_code": "AAAAAAAA"},
            format="json",
            HTTP_X_FORWARDED_FOR=next(forged),
        ).status_code
        for n in range(25)
    ]

    assert statuses == [404] * 20 + [429] * 5


def test_the_html_form_limiter_counts_the_forger_as_one_address(db, settings):
    settings.TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR=PEER)

    statuses = [
        client.post(
            "/pengaduan/lacak/",
            {"ticket": f"ADU-{n:05d}", "access_code": "AAAAAAAA"},
            HTTP_X_FORWARDED_FOR=next(forged),
        ).status_code
        for n in range(21)
    ]

    assert statuses[-1] == 429
    assert 429 not in statuses[:20]


def test_behind_a_trusted_proxy_two_real_clients_have_their_own_allowance(db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    api = APIClient(REMOTE_ADDR="10.0.0.1")

    def track(address):
        return api.post(
            "/api/v1/complaints/track/",
            {"ticket": "ADU-00000", "access_code": "AAAAAAAA"},
            format="json",
            HTTP_X_FORWARDED_FOR=address,
        ).status_code

    assert [track("203.0.113.77") for _ in range(21)][-1] == 429
    assert track("203.0.113.78") == 404


def test_failed_sign_ins_with_forged_addresses_are_counted_against_the_real_peer(
    db, settings, officer_lampung
):
    settings.TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR=PEER)

    for _ in range(3):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "officer.lampung", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=next(forged),
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PEER}
    assert AccessAttempt.objects.get().failures_since_start == 3


def test_the_access_log_records_the_peer_not_the_forged_header(db, settings, client, officer_lampung):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PEER, HTTP_X_FORWARDED_FOR="203.0.113.1")
    request.user = officer_lampung
    request.resolver_match = None
    access_log_record(request=request, action=AccessAction.VIEW, subject_type="worker", subject_id=1)

    assert AccessLog.objects.get().ip_address == PEER


# --- the mechanism: no API view can fall back to DRF's header-trusting throttles ---------------------------


def api_views(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None and issubclass(view_class, APIView):
                yield prefix + str(entry.pattern), view_class


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_api_view_throttles_by_the_one_client_address(db, method):
    checked = 0
    for route, view_class in api_views():
        view = view_class()
        view.request = view.initialize_request(RequestFactory().generic(method, "/"))
        view.args, view.kwargs = (), {}
        view.format_kwarg = None
        for throttle in view.get_throttles():
            assert isinstance(throttle, ClientAddressMixin), (route, type(throttle))
            checked += 1
    assert checked >= 15


def test_behind_a_trusted_proxy_sign_in_failures_count_against_the_real_client(db, settings, officer_lampung):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    for address in ("203.0.113.50", "203.0.113.51"):
        proxy.post(
            "/admin/login/?next=/admin/",
            {"username": "officer.lampung", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=address,
        )

    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.50",
        "203.0.113.51",
    ]
