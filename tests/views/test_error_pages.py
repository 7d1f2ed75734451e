"""Error pages for the account and console routes: NHS style, helpful, never a stack trace."""

from __future__ import annotations

from patient_app.models import Patient
from tests.conftest import sign_in_patient
from tests.support.pages import PageClient, check_page


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
