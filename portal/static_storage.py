"""The static files storage of production: WhiteNoise's compressed manifest storage, each file's address
worked out once per process.

The manifest is read when the storage is made and does not change while the process runs, yet every
`{% static %}` asks the storage again (a manifest lookup, then a URL join and quote): an admin page names
some thirty files. The address still follows DEBUG (Django gives the unhashed name while it is on)."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        if key not in self._urls:
            self._urls[key] = super().url(name, force)
        return self._urls[key]
