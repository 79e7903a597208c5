"""P8's server settings: the portal's own (production when DEBUG is off), with the harness's URLconf so
the trivial view is served by the same gunicorn. Never used by the portal."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
