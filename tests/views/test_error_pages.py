"""Every error the service can show is an NHS-style page, never a stack trace."""

from __future__ import annotations

from flask import Flask

from patient_app.access import public
from patient_app.models import Patient
from tests.conftest import sign_in_patient
from tests.support.pages import PageClient, check_page


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


def test_a_bad_request_page(client: PageClient) -> None:
    response = client.raw.post("/sign-in", data={"email": "a@example.com", "password": "x"})
    page = check_page(response)
    assert page.status == 400
    assert page.h1 == "Sorry, there is a problem with that request"
    assert "Traceback" not in page.text("body")


def test_a_forbidden_page(client: PageClient, patient: Patient) -> None:
    sign_in_patient(client, patient)
    page = client.get("/staff/people", status=403)
    assert page.h1 == "You do not have permission to see this page"


def test_a_not_found_page_inside_the_account(client: PageClient, patient: Patient) -> None:
    page = client.get("/account/nothing-here", status=404)
    assert page.h1 == "Page not found"


def test_an_oversized_body_gets_the_413_page(client: PageClient) -> None:
    response = client.raw.post("/register/name", data={"given_name": "x" * 300_000, "family_name": "y"})
    page = check_page(response)
    assert page.status == 413
    assert page.h1 == "What you sent is too large"


def test_a_tampered_session_cookie_is_simply_ignored(client: PageClient, patient: Patient) -> None:
    sign_in_patient(client, patient)
    cookie = client.raw.get_cookie("msk_session")
    assert cookie is not None
    client.raw.set_cookie("msk_session", cookie.value[:-4] + "AAAA")
    response = client.raw.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
