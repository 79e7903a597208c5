"""A complaint's file held server-side between tries, so a validation error or a no-JS region refresh
never silently drops the photo a person chose (a browser cannot re-fill a file input).

The file waits in private storage under a random token kept in the person's session, is shown by
name with a way to remove it, goes with the complaint once it is filed, and is swept after a day.
"""

import datetime
import secrets

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

HELD_DIR = "held-uploads"
SESSION_KEY = "complaint_held_upload"
MAX_AGE = datetime.timedelta(days=1)


def held_upload(request) -> dict | None:
    """{"token", "name", "path"} of the file held for this session, if its file still exists."""
    info = request.session.get(SESSION_KEY)
    if info and default_storage.exists(info["path"]):
        return info
    return None


def held_upload_save(request, *, upload) -> dict:
    """Hold an already validated upload for this session, replacing any file held before."""
    held_upload_discard(request)
    token = secrets.token_urlsafe(18)
    path = default_storage.save(f"{HELD_DIR}/{token}", upload)
    info = {"token": token, "name": (upload.name or "")[:200], "path": path}
    request.session[SESSION_KEY] = info
    return info


def held_upload_open(info: dict) -> File:
    return File(default_storage.open(info["path"], "rb"), name=info["name"])


def held_upload_discard(request) -> None:
    info = request.session.pop(SESSION_KEY, None)
    if info:
        default_storage.delete(info["path"])


def held_uploads_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete held files older than a day (abandoned forms); returns how many were deleted."""
    now = now or timezone.now()
    if not default_storage.exists(HELD_DIR):
        return 0
    _dirs, names = default_storage.listdir(HELD_DIR)
    deleted = 0
    for name in names:
        path = f"{HELD_DIR}/{name}"
        if now - default_storage.get_modified_time(path) > MAX_AGE:
            default_storage.delete(path)
            deleted += 1
    return deleted
