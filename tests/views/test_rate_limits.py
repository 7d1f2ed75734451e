"""Rate limits on every form that checks a secret or sends an email (per address, memory storage in tests)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tests.support.factories import StaffLogin
from tests.support.pages import PageClient


def _post_until_refused(client: PageClient, url: str, data: dict[str, Any], *, token_from: str, allowed: int) -> None:
    token = client.get(token_from).csrf_token()
    for attempt in range(allowed):
        response = client.raw.post(url, data={"csrf_token": token, **data})
        assert response.status_code != 429, f"{url} refused attempt {attempt + 1} of {allowed}"
    response = client.raw.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 429, f"{url} allowed attempt {allowed + 1}"
    assert "Retry-After" in response.headers


def test_forgotten_password_requests(client: PageClient) -> None:
    _post_until_refused(
        client, "/forgot-password", {"email": "someone@example.com"}, token_from="/forgot-password", allowed=5
    )


def test_reset_link_guesses(client: PageClient) -> None:
    _post_until_refused(
        client, "/reset-password/guess", {"password": "a new password"}, token_from="/forgot-password", allowed=10
    )


def test_registration_pages(client: PageClient) -> None:
    _post_until_refused(
        client, "/register/name", {"given_name": "A", "family_name": "B"}, token_from="/register/name", allowed=80
    )


def test_staff_password_and_code_entry(client: PageClient, navigator: StaffLogin, db: Session) -> None:
    _post_until_refused(
        client,
        "/staff/sign-in",
        {"email": navigator.record.email, "password": "wrong password here"},
        token_from="/staff/sign-in",
        allowed=5,
    )


def test_staff_two_factor_codes(client: PageClient, navigator: StaffLogin) -> None:
    token = client.get("/staff/sign-in").csrf_token()
    response = client.raw.post(
        "/staff/sign-in", data={"csrf_token": token, "email": navigator.record.email, "password": navigator.password}
    )
    assert response.status_code == 302
    _post_until_refused(client, "/staff/two-factor", {"code": "000000"}, token_from="/staff/two-factor", allowed=5)
    _post_until_refused(client, "/staff/recovery", {"code": "abcdef-123456"}, token_from="/staff/recovery", allowed=5)
