"""Commands an operator needs (issue 11, item 12): `issue_api_token USERNAME` and `rotate_encryption_keys`."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken
from portal import crypto
from tests.workers.builders import make_nik, make_worker
from workers import key_rotation as worker_services
from workers.choices import DocumentType
from workers.models import Document, Worker
from workers.services import identifier_fields

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
PASSPORT = "C 1234567"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/stats/").status_code


# --- issue_api_token ------------------------------------------------------------------------------------------


def printed_key(output: str) -> str:
    line = next(line for line in output.splitlines() if "shown once" in line)
    return line.rsplit(" ", 1)[-1]


def test_issue_api_token_creates_a_working_token_and_prints_it_once(api_client_user):
    output, _err = run("issue_api_token", "api.lampungtimur")

    key = printed_key(output)
    assert output.count(key) == 1
    assert api_status(key) == 200
    token = ApiToken.objects.get(user=api_client_user)
    assert key not in (token.key_hash, token.prefix)  # only the hash is kept


def test_issue_api_token_again_rotates_the_old_key_stops_working(api_client_user):
    first = printed_key(run("issue_api_token", "api.lampungtimur")[0])

    output, _err = run("issue_api_token", "api.lampungtimur")

    second = printed_key(output)
    assert second != first
    assert "Revoked 1 earlier token" in output
    assert api_status(first) == 401
    assert api_status(second) == 200
    assert ApiToken.objects.filter(user=api_client_user, revoked_at__isnull=True).count() == 1


def test_issue_api_token_for_an_unknown_user_says_so_and_creates_nothing(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run("issue_api_token", "nobody")

    assert not ApiToken.objects.exists()


# --- rotate_encryption_keys -----------------------------------------------------------------------------------


@pytest.fixture
def stored_under_old_key(settings, office_lampung):
    """Three workers (one with a passport) written while OLD_KEY was the only key; then NEW_KEY arrives."""
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    niks = [make_nik(serial=serial) for serial in (11, 12, 13)]
    workers = [make_worker(nik=nik) for nik in niks]
    Document.objects.create(
        worker=workers[0],
        doc_type=DocumentType.PASSPORT,
        **identifier_fields("number", PASSPORT),
    )
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    return {worker.pk: nik for worker, nik in zip(workers, niks, strict=True)}


def snapshot() -> dict:
    return {
        "workers": dict(Worker.objects.values_list("pk", "nik_encrypted")),
        "indexes": sorted(Worker.objects.values_list("nik_index", flat=True))
        + sorted(Document.objects.values_list("number_index", flat=True)),
        "updated": dict(Worker.objects.values_list("pk", "updated_at")),
    }


def test_rotation_re_encrypts_every_nik_and_passport_under_the_newest_key(stored_under_old_key, settings):
    before = snapshot()

    output, progress = run("rotate_encryption_keys", "--batch-size", "2")

    assert "workers.Worker.nik_encrypted: 3 re-encrypted, 0 already under the newest key, 0 failed" in output
    assert "workers.Document.number_encrypted: 1 re-encrypted" in output
    assert "3/3" in progress  # progress on the way
    # The old key can go now: everything reads with the new key alone, to the same values.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    after = snapshot()
    assert {pk: crypto.decrypt(token) for pk, token in after["workers"].items()} == stored_under_old_key
    assert crypto.decrypt(Document.objects.get().number_encrypted) == crypto.normalise(PASSPORT)
    assert after["indexes"] == before["indexes"]  # the blind index is unchanged: search still works
    assert after["updated"] == before["updated"]  # not an edit of the person's record


def test_an_interrupted_rotation_resumes_where_it_stopped(stored_under_old_key, settings, monkeypatch):
    real = worker_services.encrypted_column_rotate_batch
    calls = []

    def crash_on_second_batch(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(**kwargs)

    monkeypatch.setattr(
        "workers.management.commands.rotate_encryption_keys.encrypted_column_rotate_batch",
        crash_on_second_batch,
    )
    with pytest.raises(KeyboardInterrupt):
        run("rotate_encryption_keys", "--batch-size", "2")
    monkeypatch.undo()

    output, _progress = run("rotate_encryption_keys", "--batch-size", "2")

    assert "workers.Worker.nik_encrypted: 1 re-encrypted, 2 already under the newest key, 0 failed" in output
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert {pk: crypto.decrypt(t) for pk, t in snapshot()["workers"].items()} == stored_under_old_key


def test_a_value_no_key_can_read_is_reported_and_the_rest_still_rotates(stored_under_old_key, settings):
    stray = Worker.objects.order_by("pk").first()
    Worker.objects.filter(pk=stray.pk).update(
        nik_encrypted=Fernet(Fernet.generate_key()).encrypt(b"X").decode()
    )

    with pytest.raises(CommandError, match=f"workers.Worker.nik_encrypted ids {stray.pk}"):
        run("rotate_encryption_keys")

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    others = Worker.objects.exclude(pk=stray.pk)
    assert [crypto.decrypt(w.nik_encrypted) for w in others.order_by("pk")] == [
        stored_under_old_key[w.pk] for w in others.order_by("pk")
    ]
