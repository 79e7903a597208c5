"""The signed-in user of a request is read in one query with her roles and her confirmed TOTP device ids
(accounts/signed_in.py, P6), and the second factor holds exactly as django-otp holds it."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignedInSession
from accounts.roles import Role
from accounts.scoping import user_roles
from accounts.signed_in import AuthenticationMiddleware, OTPMiddleware
from tests.conftest import totp_device

pytestmark = [pytest.mark.django_db, pytest.mark.no_auto_otp]


def request_of(client, user, device=None, *, login=True):
    """A request carrying `user`'s session (verified with `device`, if any) through the session,
    authentication and second-factor middleware, with nothing read yet."""
    if login:
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
def test_session_user_roles_and_device_cost_one_query(client, officer_lampung, django_assert_num_queries):
    device = totp_device(officer_lampung)
    request = request_of(client, officer_lampung, device)

    with django_assert_num_queries(1):  # the session, with the user, her roles and devices
        assert request.user.is_verified()
        assert user_roles(request.user) == {Role.OFFICER}
    assert request.user.pk == officer_lampung.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the arrays are read on PostgreSQL")
def test_a_session_saved_before_its_user_column_reads_the_user_by_a_second_query(
    client, officer_lampung, django_assert_num_queries
):
    device = totp_device(officer_lampung)
    request = request_of(client, officer_lampung, device)  # nothing read yet
    SignedInSession.objects.filter(session_key=client.session.session_key).update(user=None)

    with django_assert_num_queries(2):  # the session, then the user by her own statement
        assert request.user.is_verified()
        assert user_roles(request.user) == {Role.OFFICER}
    assert request.user.pk == officer_lampung.pk


def test_the_user_a_session_signs_in_is_the_one_its_data_names_not_its_column(
    client, officer_lampung, admin_user
):
    """The column is only a way to read the user with the session: a row whose column names someone else
    (written by hand, say) signs in nobody but the user its signed data names."""
    request = request_of(client, officer_lampung)  # nothing read yet
    SignedInSession.objects.filter(session_key=client.session.session_key).update(user=admin_user)

    assert request.user.pk == officer_lampung.pk
    assert not request.user.is_superuser
    assert user_roles(request.user) == {Role.OFFICER}


def test_a_session_read_with_a_user_is_still_checked_against_her_password(client, officer_lampung):
    """Django's own check holds: a session from before a password change signs nobody in."""
    client.force_login(officer_lampung)
    officer_lampung.set_password("a new password for the test 42")
    officer_lampung.save()

    request = request_of(client, officer_lampung, login=False)

    assert not request.user.is_authenticated


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the statement is PostgreSQL's")
def test_the_user_is_read_by_one_statement_the_orm_does_not_compile(
    officer_lampung, django_assert_num_queries, monkeypatch
):
    """Her columns are the ones the ORM reads; her roles and device ids come with them."""
    from django.contrib.auth import get_user_model
    from django.db.models.sql.compiler import SQLCompiler

    from accounts.signed_in import user_signed_in

    device = totp_device(officer_lampung)
    with django_assert_num_queries(1), monkeypatch.context() as no_orm:
        no_orm.setattr(SQLCompiler, "as_sql", lambda *args, **kwargs: pytest.fail("compiled by the ORM"))
        user = user_signed_in(officer_lampung.pk)

    by_orm = get_user_model().objects.get(pk=officer_lampung.pk)
    assert user.__dict__.keys() >= {field.attname for field in by_orm._meta.concrete_fields}
    assert {f.attname: getattr(user, f.attname) for f in by_orm._meta.concrete_fields} == {
        f.attname: getattr(by_orm, f.attname) for f in by_orm._meta.concrete_fields
    }
    assert not user._state.adding and user._state.db == "default"
    assert user.confirmed_totp_ids == [device.pk]
    assert user_roles(user) == {Role.OFFICER}
    assert user_signed_in(10**9) is None


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
