import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import resolve

from accounts.models import AccessAction, AccessLog
from accounts.services import access_log_record
from tests.conftest import skip_or_fail


def make_request(user, path="/kantor-layanan/", **meta):
    request = RequestFactory().get(path, **meta)
    request.user = user
    request.resolver_match = resolve(path)
    return request


def make_entry(user, **meta) -> AccessLog:
    request = make_request(user, **meta)
    return access_log_record(request=request, action=AccessAction.VIEW, subject_type="worker", subject_id=42)


def test_a_read_is_logged_with_who_what_where_and_why(officer_lampung):
    make_entry(officer_lampung, REMOTE_ADDR="10.1.2.3")

    entry = AccessLog.objects.get()
    assert entry.user == officer_lampung
    assert entry.username == "officer.lampung"
    assert entry.action == AccessAction.VIEW
    assert (entry.subject_type, entry.subject_id) == ("worker", "42")
    assert entry.ip_address == "10.1.2.3"
    assert entry.purpose == "accounts:office_finder"
    assert entry.at is not None


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(officer_lampung, settings):
    settings.TRUSTED_PROXIES = ["172.18.0.2"]
    # The leftmost hop is whatever the client claimed; the proxy appended the address it really saw.
    entry = make_entry(
        officer_lampung, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )

    assert entry.ip_address == "198.51.100.7"


def test_a_forwarded_header_from_an_unknown_peer_is_ignored(officer_lampung, settings):
    settings.TRUSTED_PROXIES = []
    entry = make_entry(officer_lampung, REMOTE_ADDR="10.9.8.7", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert entry.ip_address == "10.9.8.7"


def test_a_logged_entry_cannot_be_changed_or_deleted_through_the_orm(officer_lampung):
    entry = make_entry(officer_lampung)

    entry.subject_id = "43"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(subject_id="43")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().subject_id == "42"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounts_accesslog SET subject_id = '43'",
        "DELETE FROM accounts_accesslog",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes_of_the_log(officer_lampung, statement):
    if connection.vendor != "postgresql":
        skip_or_fail("the trigger exists only on PostgreSQL")
    make_entry(officer_lampung)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert AccessLog.objects.get().subject_id == "42"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL")
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE accounts_accesslog",
        "TRUNCATE accounts_accesslog RESTART IDENTITY CASCADE",
        "TRUNCATE auth_user CASCADE",  # reaches the log through its foreign key
    ],
)
def test_postgresql_refuses_to_truncate_the_log(officer_lampung, statement):
    make_entry(officer_lampung)

    with (
        pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Run the deferred foreign-key checks now, as a committed log would have had them run.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)

    assert AccessLog.objects.get().subject_id == "42"
