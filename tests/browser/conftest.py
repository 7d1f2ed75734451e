"""Browser tests: Debian's Chromium driven by Playwright against a live server on loopback.

Every page a test visits is scanned with axe-core (WCAG 2.2 A/AA tags) and
screenshotted into test-artifacts/screenshots; the test fails if any page it
reached was not scanned.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright
from werkzeug.serving import make_server

from tests.browser.screen import Screen

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE: ViewportSize = {"width": 360, "height": 640}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as runner:
        yield runner


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield instance
    instance.close()


class LiveServer:
    def __init__(self, app: Flask):
        # One line per request from werkzeug would bury the test output.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


def _context(browser: Browser, server: LiveServer, *, viewport: ViewportSize, javascript: bool) -> BrowserContext:
    return browser.new_context(
        base_url=server.url,
        viewport=viewport,
        java_script_enabled=javascript,
        locale="en-GB",
        service_workers="allow" if javascript else "block",
    )


def _screen_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")


@pytest.fixture
def screen(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Screen]:
    """A phone-sized browser tab (360 x 640) with JavaScript on."""
    context = _context(browser, live_server, viewport=PHONE, javascript=True)
    yield from _open(context, request, "phone", javascript=True)


@pytest.fixture
def screen_no_js(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Screen]:
    context = _context(browser, live_server, viewport=PHONE, javascript=False)
    yield from _open(context, request, "phone-nojs", javascript=False)


@pytest.fixture
def desktop(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Screen]:
    context = _context(browser, live_server, viewport=DESKTOP, javascript=True)
    yield from _open(context, request, "desktop", javascript=True)


def _open(context: BrowserContext, request: pytest.FixtureRequest, label: str, *, javascript: bool) -> Iterator[Screen]:
    page: Page = context.new_page()
    page.set_default_timeout(15_000)
    screen = Screen(page, ARTIFACTS / f"{_screen_name(request)}-{label}", javascript=javascript)
    try:
        yield screen
        screen.assert_every_page_was_checked()
    finally:
        context.close()
