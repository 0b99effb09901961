"""The browser-test harness: real headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright for Python.

- Server: pytest-django's ``live_server``, a threaded WSGI server in this process, on the test database. It serves
  static files (Django's StaticFilesHandler), shares the database with the test (so a test arranges data with the
  factories and services and reads the outcome back), and runs eager Celery tasks in its request threads (matching
  completes within the request, as the embedded default does). A runserver or gunicorn subprocess would need its
  own database set-up and could not see an in-memory SQLite test database; nothing here needs one.
- Browser: Playwright's bundled driver launches /usr/bin/chromium with the flags below; Playwright's own browser
  download is never used (the service runs on closed networks, and so does CI). One browser per test: while
  Playwright runs, its event loop is marked running in this thread, which makes Django refuse ORM calls here
  ("async context"); the browser test is allowed them, no other test is.
- Every page the test opens is watched: a console error (a CSP refusal, a failed resource, a missing favicon, an
  uncaught exception) or a request to any host other than the live server fails the test. Requests elsewhere are
  aborted, never sent.
- ``axe(page)`` (tests/browser/harness.py) runs the vendored axe-core (tests/browser/vendor/, ``make vendor-axe``)
  in the page and fails on a serious or critical violation. ``shot(page, name)`` saves a full-page PNG under
  ``artifacts/screenshots/``.

Missing Chromium (or Playwright) skips these tests with the reason, except under CI=true, where it fails them:
``make browsers`` installs it and ``.ci/run`` calls that first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make install-dev)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing: `make browsers` installs Debian's chromium (as root)"
    return None


def require_browser() -> None:
    """Skips the test, saying why, when Chromium or Playwright is missing; fails it instead under CI=true."""
    reason = unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}; the browser tests are required there, not skipped.", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def browser(monkeypatch) -> Iterator:
    require_browser()
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's loop counts as running in this thread from here on: allow this test's own ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
            # The test's ORM calls made while Playwright ran used a connection of their own (Django keeps one per
            # async context, and Playwright's loop counts as one); close it here, where it is still reachable, or
            # it would hold the PostgreSQL test database open at the end of the run.
            connections.close_all()


@dataclass
class Watch:
    """What the pages of one test did that they must not: console errors and requests to other hosts."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)

    expected: list[tuple[str, str]] = field(default_factory=list)  # (status text, document URL) allowed

    def expect_status(self, page, path: str, status: int):
        """Opens ``path``, asserts its status, and lets the one console error the browser logs for a document
        answered with an error status (``Failed to load resource ...``) pass: that answer is what the test wants."""
        response = page.goto(path)
        assert response.status == status, f"{path}: {response.status}, not {status}"
        if status >= 400:
            self.expected.append((f"the server responded with a status of {status}", f"({response.url})"))
        return response

    def problems(self) -> list[str]:
        unexpected = [text for text in self.console_errors
                      if not any(status in text and text.endswith(url) for status, url in self.expected)]
        return [f"console error: {text}" for text in unexpected] + [
            f"request to another host: {url}" for url in self.other_hosts
        ]

    def assert_clean(self) -> None:
        found = self.problems()
        assert not found, "\n".join(found)


def _same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


@pytest.fixture
def watch(live_server) -> Watch:
    return Watch(origin=live_server.url.rstrip("/"))


@pytest.fixture
def new_page(browser, live_server, watch) -> Iterator[Callable]:
    """new_page() -> a page in a fresh browser context (its own cookies: a second person), watched. The test fails
    if any page logged a console error or asked another host for anything."""
    contexts = []

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        context.set_default_timeout(15_000)  # a page of this service answers in well under a second

        def route(route):
            if _same_origin(route.request.url, watch.origin):
                route.continue_()
            else:
                watch.other_hosts.append(route.request.url)
                route.abort("blockedbyclient")

        context.route(re.compile(r".*"), route)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(
            f"{msg.text} ({msg.location.get('url', '')})"))
        page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    watch.assert_clean()


@pytest.fixture
def page(new_page):
    return new_page()
