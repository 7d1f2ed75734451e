"""The skeleton every page stands on: layout, security headers, health, PWA files."""

from __future__ import annotations

import json

import pytest
from flask import Flask, render_template

from tests.support.pages import PageClient


def test_home_page_offers_self_referral_leaflets_and_sign_in(client: PageClient) -> None:
    page = client.get("/")
    assert page.h1 == "Get help with muscle, bone and joint pain"
    assert page.select("header.nhsuk-header")
    assert page.one("a.nhsuk-skip-link")["href"] == "#maincontent"
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a")}
    assert links["Sign in"] == "/sign-in"
    footer = page.text("footer")
    for text in ("Privacy notice", "Accessibility statement", "Cookies", "Contact us"):
        assert text in footer


def test_service_pages(client: PageClient) -> None:
    assert client.get("/accessibility").h1 == "Accessibility statement"
    assert "WCAG" in client.get("/accessibility").text()
    cookies = client.get("/cookies")
    assert [row.get_text(" ", strip=True).split(" ")[0] for row in cookies.select("tbody tr")] == [
        "msk_session",
        "lang",
        "remember_token",
    ]
    assert "Version" in client.get("/privacy").text()
    assert client.get("/contact").h1 == "Contact us"


def test_every_page_shows_the_phase_banner_and_language_choice(client: PageClient) -> None:
    page = client.get("/privacy")
    assert "Beta" in page.text(".app-phase-banner")
    languages = [a.get_text(strip=True) for a in page.select(".app-language-switcher a")]
    assert "Polski" in languages


def test_csp_has_a_fresh_nonce_and_no_unsafe_inline_scripts(client: PageClient) -> None:
    first = client.get("/").response.headers["Content-Security-Policy"]
    second = client.get("/").response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in first
    assert "unsafe-inline" not in first
    assert "frame-ancestors 'none'" in first
    assert first != second, "the nonce must change on every response"


def test_security_headers(client: PageClient) -> None:
    headers = client.get("/").response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_hsts_when_served_over_https(client: PageClient) -> None:
    response = client.raw.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_posted_script_comes_back_escaped(client: PageClient) -> None:
    page = client.submit("/register/name", {"given_name": "<script>alert(1)</script>", "family_name": ""})
    assert page.errors() == ["Enter your last name"]
    assert page.value("given_name") == "<script>alert(1)</script>"
    raw = page.response.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert not [s for s in page.select("script") if "alert(1)" in s.get_text()]


def test_autoescape_is_on_for_jinja_and_html_templates(app: Flask) -> None:
    hostile = "<b onmouseover=x>"
    assert "&lt;b onmouseover=x&gt;" in app.jinja_env.from_string("{{ v }}").render(v=hostile)
    with app.test_request_context("/"):
        rendered = render_template("accounts/email-sent.jinja", email=hostile)
    assert hostile not in rendered
    assert "&lt;b onmouseover=x&gt;" in rendered
    # A flat True (not Flask's by-extension function) covers .html and .jinja alike.
    assert app.jinja_env.autoescape is True


def test_error_pages_are_nhs_style(client: PageClient) -> None:
    page = client.get("/no-such-page", status=404)
    assert page.h1 == "Page not found"
    assert page.title.startswith("Page not found")


def test_oversized_body_is_refused_with_413(client: PageClient) -> None:
    response = client.raw.post("/sign-in", data={"email": "x" * 400_000})
    assert response.status_code == 413


def test_form_without_csrf_token_is_refused(client: PageClient) -> None:
    response = client.raw.post("/sign-in", data={"email": "a@example.com", "password": "x"})
    assert response.status_code == 400
    assert "timed out" in response.get_data(as_text=True)


def test_health_and_readiness(client: PageClient) -> None:
    assert client.raw.get("/healthz").json == {"status": "ok"}
    ready = client.raw.get("/readyz")
    assert ready.status_code == 200
    readiness = ready.json
    assert readiness is not None
    assert readiness["database"] is True


def test_manifest_is_installable(client: PageClient) -> None:
    response = client.raw.get("/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/manifest+json"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.raw.get(icon["src"]).status_code == 200


def test_service_worker_precaches_the_shell_and_offline_page(client: PageClient) -> None:
    response = client.raw.get("/sw.js")
    source = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-cache"
    precache = json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    assert "/offline" in precache
    assert any(url.startswith("/static/vendor/app.css?v=") for url in precache)
    for url in precache:
        assert client.raw.get(url).status_code == 200, url


def test_static_urls_carry_a_content_hash(client: PageClient) -> None:
    page = client.get("/")
    stylesheet = page.one('link[rel="stylesheet"]')["href"]
    assert "?v=" in stylesheet
    assert "missing" not in stylesheet


def test_request_logs_carry_no_personal_data(client: PageClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="patient_app.request")
    client.raw.get("/register/name?email=someone@example.com")
    lines = [record for record in caplog.records if record.name == "patient_app.request"]
    assert lines, "no request log written"
    fields = vars(lines[-1])["fields"]  # logged with extra={"fields": ...}, so not a LogRecord attribute mypy knows
    assert fields["route"] == "/register/<step>"
    assert "someone@example.com" not in json.dumps(fields)
    assert set(fields) == {"request_id", "method", "route", "status", "duration_ms"}
