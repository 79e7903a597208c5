"""Sessions of users who sign in with a password end after 30 minutes idle and after 12 hours at most."""

import time
from datetime import timedelta

import time_machine

IDLE = timedelta(minutes=30)


def test_force_login_of_a_staff_user_opens_the_admin_without_a_code(client, officer_lampung):
    # The autouse fixture in tests/conftest.py: the other tests' force_login keeps working.
    client.force_login(officer_lampung)

    assert client.get("/admin/").status_code == 200


def test_a_staff_session_ends_after_thirty_idle_minutes(client, officer_lampung):
    with time_machine.travel(time.time(), tick=False) as clock:
        client.force_login(officer_lampung)
        client.get("/admin/")
        clock.shift(IDLE - timedelta(minutes=1))
        still_open = client.get("/admin/")
        clock.shift(IDLE + timedelta(seconds=1))
        ended = client.get("/admin/")
        login_page = client.get(ended["Location"])
        after = client.get("/admin/")

    assert still_open.status_code == 200
    assert ended.status_code == 302
    assert ended["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    assert after.status_code == 302
    assert "Sesi Anda telah berakhir" in login_page.content.decode()


def test_a_dprd_session_ends_when_idle_too(client, dprd_lampungtimur, regions):
    with time_machine.travel(time.time(), tick=False) as clock:
        client.force_login(dprd_lampungtimur)
        opened = client.get("/dprd/wilayah/18.07/")
        clock.shift(IDLE + timedelta(minutes=1))
        ended = client.get("/dprd/wilayah/18.07/")

    assert opened.status_code == 200
    assert ended.status_code == 302
    assert ended["Location"].startswith("/dprd/masuk/")


def test_a_busy_staff_session_still_ends_after_twelve_hours(client, officer_lampung):
    answers = []
    with time_machine.travel(time.time(), tick=False) as clock:
        client.force_login(officer_lampung)
        # A request every 25 minutes: never idle, but past 12 hours the session is over.
        for _ in range(30):
            clock.shift(timedelta(minutes=25))
            answers.append(client.get("/admin/").status_code)

    # Request n arrives n * 25 minutes after sign-in: the 29th (725 minutes) is the first past 12 hours.
    assert answers[:28] == [200] * 28
    assert answers[28:] == [302, 302]


def test_the_limits_come_from_settings(client, officer_lampung, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    with time_machine.travel(time.time(), tick=False) as clock:
        client.force_login(officer_lampung)
        clock.shift(timedelta(minutes=6))
        ended = client.get("/admin/")

    assert ended.status_code == 302


def test_an_api_token_has_no_idle_limit(token_api, regions):
    with time_machine.travel(time.time(), tick=False) as clock:
        first = token_api.get("/api/v1/stats/")
        clock.shift(timedelta(hours=13))
        later = token_api.get("/api/v1/stats/")

    assert first.status_code == 200
    assert later.status_code == 200
