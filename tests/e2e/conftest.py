"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system one, found through CHROMIUM_PATH or PATH.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        skip_or_fail("Chromium not found: set CHROMIUM_PATH or install Debian's chromium")
    # The sync API runs an event loop in this thread; Django would then refuse every ORM call.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no usable browser"
            skip_or_fail(f"Chromium at {executable} did not start: {exc}")
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context_factory(browser, live_server, regions):
    """New phone-sized contexts on the live server; `regions` reloads what a transactional flush emptied.

    The locale is Indonesian, like a phone bought in Indonesia: Django picks the language from
    Accept-Language before falling back to LANGUAGE_CODE.
    """
    contexts = []

    def make(**options):
        options = {"viewport": PHONE, "base_url": live_server.url, "locale": "id-ID", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser_context_factory):
    return browser_context_factory().new_page()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
