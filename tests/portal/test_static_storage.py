"""Production's static storage gives WhiteNoise's addresses, each worked out once per process."""

import json
from unittest import mock

from whitenoise.storage import CompressedManifestStaticFilesStorage

from portal.static_storage import ManifestStaticStorage

HASHED = "css/portal.0123456789ab.css"


def storage(tmp_path, cls):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/portal.css": HASHED}, "hash": "x"})
    )
    return cls(location=str(tmp_path), base_url="/static/")


def test_addresses_are_whitenoises_and_follow_debug(tmp_path, settings):
    ours, theirs = (
        storage(tmp_path, ManifestStaticStorage),
        storage(tmp_path, CompressedManifestStaticFilesStorage),
    )
    settings.DEBUG = False
    assert ours.url("css/portal.css") == theirs.url("css/portal.css") == f"/static/{HASHED}"
    settings.DEBUG = True  # Django names the unhashed file while DEBUG is on
    assert ours.url("css/portal.css") == theirs.url("css/portal.css") == "/static/css/portal.css"
    assert ours.url("css/portal.css", force=True) == f"/static/{HASHED}"


def test_the_manifest_is_asked_once_per_file(tmp_path, settings):
    settings.DEBUG = False
    ours = storage(tmp_path, ManifestStaticStorage)
    with mock.patch.object(CompressedManifestStaticFilesStorage, "url", return_value="/static/x") as asked:
        for _ in range(3):
            ours.url("css/portal.css")
        ours.url("css/admin.css")

    assert asked.call_count == 2
