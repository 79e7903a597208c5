"""The session store (accounts/sessions.py) reads a session by one statement written once, with the user it
is signed in as, and answers as Django's database store does: the data of a live session, nothing for an
expired, unknown or absent one."""

import datetime

import pytest
from django.contrib.sessions.backends import db
from django.utils import timezone

from accounts.models import SignedInSession as Session
from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


# Django's own database store, on the portal's session table (named as ours: the name salts the data).
DjangoStore = type("SessionStore", (db.SessionStore,), {"get_model_class": classmethod(lambda cls: Session)})


def saved(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def both(session_key) -> tuple[SessionStore, DjangoStore]:
    return SessionStore(session_key), DjangoStore(session_key)


def test_a_live_session_loads_its_data_in_one_query_the_orm_does_not_compile(
    django_assert_num_queries, monkeypatch
):
    from django.db.models.sql.compiler import SQLCompiler

    key = saved({"portal_seen_at": 1.5, "nama": "Siti"})
    ours, django = both(key)

    with django_assert_num_queries(1), monkeypatch.context() as no_orm:
        no_orm.setattr(SQLCompiler, "as_sql", lambda *args, **kwargs: pytest.fail("compiled by the ORM"))
        data = ours.load()

    assert data == django.load() == {"portal_seen_at": 1.5, "nama": "Siti"}
    assert ours.session_key == key


@pytest.mark.parametrize("case", ["expired", "unknown", "absent"])
def test_no_live_session_loads_nothing_and_forgets_its_key(case):
    key = saved({"nama": "Siti"})
    if case == "expired":
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif case == "unknown":
        key = "x" * 32
    else:
        key = None
    ours, django = both(key)

    assert ours.load() == django.load() == {}
    assert ours.session_key is None and django.session_key is None


def test_a_session_saved_after_a_missing_load_gets_a_new_key():
    """Django's behaviour kept: a stale key is never written back (no session fixation)."""
    stale = "y" * 32
    ours = SessionStore(stale)
    ours["nama"] = "Siti"

    ours.save()

    assert ours.session_key != stale
    assert SessionStore(ours.session_key).load() == {"nama": "Siti"}
    assert not Session.objects.filter(session_key=stale).exists()


def test_the_portal_uses_this_store(settings):
    from importlib import import_module

    assert import_module(settings.SESSION_ENGINE).SessionStore is SessionStore


def test_the_user_column_follows_the_session_data(client, officer_lampung):
    """Signing in writes the user's id beside the session; signing out leaves no session of hers."""
    client.force_login(officer_lampung)
    key = client.session.session_key

    assert Session.objects.get(session_key=key).user_id == officer_lampung.pk

    client.logout()

    assert not Session.objects.filter(user=officer_lampung).exists()
    assert saved({"nama": "Siti"}) and Session.objects.filter(user=None).exists()


def test_a_session_naming_no_user_that_can_exist_saves_with_an_empty_column():
    key = saved({"_auth_user_id": "not a number"})

    assert Session.objects.get(session_key=key).user_id is None


def test_deleting_a_user_deletes_her_sessions(client, officer_lampung):
    client.force_login(officer_lampung)

    officer_lampung.delete()

    assert not Session.objects.exists()
