"""Every error the service can show is an NHS-style page, never a stack trace."""

from __future__ import annotations

from flask import Flask

from patient_app.access import public
from tests.support.pages import PageClient


def test_the_wrong_method_gets_a_helpful_405_page(client: PageClient) -> None:
    page = client.get("/sign-out", status=405)
    assert page.h1 == "Sorry, that action is not allowed"
    assert "Go back and try again." in page.text()


def test_too_many_sign_in_attempts_get_a_429_page(client: PageClient) -> None:
    data = {"email": "someone@example.com", "password": "not the password"}
    for _attempt in range(5):
        client.post("/sign-in", data, status=200)
    page = client.submit("/sign-in", data, status=429)
    assert page.h1 == "Too many attempts"
    assert page.title.startswith("Too many attempts")


def test_an_unexpected_failure_shows_the_500_page_without_details(app: Flask) -> None:
    @public
    def broken() -> str:
        raise RuntimeError("secret internals: table patient")

    app.add_url_rule("/broken-for-test", "broken_for_test", broken)
    client = PageClient(app.test_client())
    page = client.get("/broken-for-test", status=500)
    assert page.h1 == "Sorry, there is a problem with the service"
    assert "secret internals" not in page.response.get_data(as_text=True)


def test_machine_endpoints_get_json_errors(client: PageClient) -> None:
    response = client.raw.get("/hub/no-such-endpoint")
    assert response.status_code == 404
    body = response.get_json()
    assert body["status"] == 404
    assert "not found" in body["error"].lower()
