"""The platform in a real browser at 360 px: layout, no-JS forms, installability, offline."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Playwright, expect

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer
from tests.browser.screen import Screen


def test_home_page_on_a_phone(screen: Screen) -> None:
    screen.goto("/", "home")
    assert screen.heading() == "Get help with muscle, bone and joint pain"
    expect(screen.role("banner")).to_be_visible()
    expect(screen.role("link", "Sign in").first).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling at 360 px.
    width = screen.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360


def test_a_form_works_with_javascript_off(screen_no_js: Screen) -> None:
    screen = screen_no_js
    screen.goto("/sign-in", "sign-in")
    screen.fill("Email address", "nobody@example.com").fill("Password", "not the right one")
    screen.click_button("Sign in", "sign-in-error")
    assert screen.errors() == [
        "Enter a correct email address and password. If you have tried several times, wait a few minutes."
    ]
    assert screen.page.title().startswith("Error: Sign in")
    expect(screen.page.get_by_label("Email address", exact=True)).to_have_value("nobody@example.com")


def test_manifest_and_service_worker_pass_installability_checks(
    playwright: Playwright, live_server: LiveServer, tmp_path: Path
) -> None:
    # Chromium never offers to install from an incognito profile, so this test
    # uses a real (temporary) profile.
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=PHONE,
        base_url=live_server.url,
    )
    try:
        screen = Screen(context.new_page(), ARTIFACTS / "installability")
        screen.goto("/", "home")
        screen.page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        cdp = context.new_cdp_session(screen.page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        screen.assert_every_page_was_checked()
    finally:
        context.close()


def test_offline_page_shows_when_the_network_is_cut(screen: Screen) -> None:
    screen.goto("/", "home")
    screen.page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    screen.page.reload()  # now controlled by the service worker
    screen.check("home-controlled")
    screen.page.context.set_offline(True)
    screen.goto("/contact", "offline")
    assert screen.heading() == "You are offline"
    expect(screen.role("heading", "Immediate action required: Call 999 or go to A&E now if you have:")).to_be_visible()
