"""The flags API's condition (open, or reviewed) is built once per process, not on every request (P6)."""

import pytest
from rest_framework.test import APIClient

from placements import flag_export

pytestmark = pytest.mark.django_db


def test_the_open_or_reviewed_condition_is_built_once_and_never_read_itself(admin_user, monkeypatch):
    built = []
    exists = flag_export.Exists
    monkeypatch.setattr(
        flag_export, "Exists", lambda *args, **kwargs: built.append(1) or exists(*args, **kwargs)
    )
    flag_export._exported.cache_clear()
    client = APIClient()
    client.force_authenticate(admin_user)
    for _request in range(3):
        assert client.get("/api/v1/flags/").status_code == 200
    assert len(built) == 1
    assert flag_export._exported()._result_cache is None  # only its copies are read
    flag_export._exported.cache_clear()  # the next test builds its own, with the real Exists
