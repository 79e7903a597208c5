"""Login lockout per username-and-address and per address (password spraying from one machine)."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.no_auto_otp

SPRAYER = "203.0.113.9"
OFFICE = "198.51.100.20"
LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username: str, password: str, address: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_spraying_forty_passwords_over_ten_usernames_locks_the_address(client, officer_lampung, settings):
    answers = [
        attempt(client, f"staff{n}", f"Guess-{round_}-2026", SPRAYER)
        for round_ in range(4)
        for n in range(10)
    ]
    from_sprayer = attempt(client, "officer.lampung", PASSWORD, SPRAYER)
    from_elsewhere = attempt(client, "officer.lampung", PASSWORD, OFFICE)

    locked = [n for n, response in enumerate(answers, start=1) if response.status_code == 429]
    assert locked == list(range(settings.AXES_ADDRESS_FAILURE_LIMIT, 41))
    assert from_sprayer.status_code == 429
    assert not signed_in(from_sprayer)
    assert signed_in(from_elsewhere)


def test_a_few_typos_lock_one_username_not_the_office_behind_the_address(
    client, officer_lampung, officer_jatim
):
    typos = [attempt(client, "officer.lampung", "wrong-password", OFFICE) for _ in range(5)]
    same_user = attempt(client, "officer.lampung", PASSWORD, OFFICE)
    colleague = attempt(client, "officer.jatim", PASSWORD, OFFICE)

    assert [r.status_code for r in typos[:4]] == [200] * 4
    assert same_user.status_code == 429
    assert signed_in(colleague)


def test_a_correct_password_does_not_wipe_the_other_usernames_failures(client, officer_lampung, settings):
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        attempt(client, f"staff{n % 4}", "Guess-2026", SPRAYER)
    success = attempt(client, "officer.lampung", PASSWORD, SPRAYER)
    client.logout()
    one_more = attempt(client, "staff9", "Guess-2026", SPRAYER)
    after = attempt(client, "staff8", "Guess-2026", SPRAYER)

    assert signed_in(success)
    assert one_more.status_code == 429
    assert after.status_code == 429
