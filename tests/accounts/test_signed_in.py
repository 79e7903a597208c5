"""The signed-in user of a request is read in one query with her roles and her confirmed TOTP device ids
(accounts/signed_in.py, P6), and the second factor holds exactly as django-otp holds it."""

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Group
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.scoping import user_roles
from accounts.signed_in import OTPMiddleware
from tests.conftest import totp_device

pytestmark = [pytest.mark.django_db, pytest.mark.no_auto_otp]


def request_of(client, user, device=None):
    """A request carrying `user`'s session (verified with `device`, if any) through the session,
    authentication and second-factor middleware, with nothing read yet."""
    client.force_login(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    captured = {}

    def keep(request):
        captured["request"] = request
        return HttpResponse()

    chain = SessionMiddleware(AuthenticationMiddleware(OTPMiddleware(keep)))
    chain(request)
    return captured["request"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the arrays are read on PostgreSQL")
def test_session_user_roles_and_device_cost_two_queries(client, officer_lampung, django_assert_num_queries):
    device = totp_device(officer_lampung)
    request = request_of(client, officer_lampung, device)

    with django_assert_num_queries(2):  # the session, and the user with her roles and devices
        assert request.user.is_verified()
        assert user_roles(request.user) == {Role.OFFICER}


def test_a_verified_session_is_verified_and_its_device_is_the_one_it_names(client, officer_lampung):
    device = totp_device(officer_lampung)

    request = request_of(client, officer_lampung, device)

    assert request.user.is_verified()
    assert request.user.otp_device.pk == device.pk
    assert request.user.otp_device.user_id == officer_lampung.pk


def test_a_session_without_a_device_is_not_verified(client, officer_lampung):
    totp_device(officer_lampung)

    request = request_of(client, officer_lampung)

    assert not request.user.is_verified()


@pytest.mark.parametrize("how", ["deleted", "unconfirmed", "another user's"])
def test_a_device_that_no_longer_verifies_her_is_dropped_from_the_session(
    client, officer_lampung, admin_user, how
):
    device = totp_device(admin_user if how == "another user's" else officer_lampung)
    persistent_id = device.persistent_id
    if how == "deleted":
        device.delete()
        device.pk = int(persistent_id.rsplit("/", 1)[1])
    elif how == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)

    request = request_of(client, officer_lampung, device)

    assert not request.user.is_verified()
    assert DEVICE_ID_SESSION_KEY not in request.session


def test_a_recovery_code_device_still_verifies_by_django_otps_own_path(client, officer_lampung):
    device = StaticDevice.objects.create(user=officer_lampung, name="recovery", confirmed=True)

    request = request_of(client, officer_lampung, device)

    assert request.user.is_verified()
    assert request.user.otp_device == device


def test_a_role_given_between_two_requests_counts_on_the_second(client, officer_lampung):
    device = totp_device(officer_lampung)
    assert user_roles(request_of(client, officer_lampung, device).user) == {Role.OFFICER}

    officer_lampung.groups.add(Group.objects.get_or_create(name=Role.SUPERVISOR)[0])

    assert user_roles(request_of(client, officer_lampung, device).user) == {Role.OFFICER, Role.SUPERVISOR}


def test_a_deactivated_user_is_signed_out(client, officer_lampung):
    device = totp_device(officer_lampung)
    type(officer_lampung).objects.filter(pk=officer_lampung.pk).update(is_active=False)

    request = request_of(client, officer_lampung, device)

    assert not request.user.is_authenticated
