"""Walking patient registration and staff set-up in the test client, and reading the mailbox."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from patient_app import mail
from tests.support.pages import PageClient

NEW_PATIENT: dict[str, dict[str, Any]] = {
    "name": {"given_name": "Alex", "family_name": "Morgan"},
    "date-of-birth": {"date_of_birth[day]": "9", "date_of_birth[month]": "11", "date_of_birth[year]": "1979"},
    "email": {"email": "alex.morgan@example.com", "password": "plum kettle orbit lantern"},
    "contact": {"postcode": "LS1 4AP", "gp_practice": "Y90001", "mobile": ""},
    "nhs-number": {"nhs_number": ""},
}
NEW_PASSWORD = "plum kettle orbit lantern"


def register(client: PageClient, overrides: dict[str, dict[str, Any]] | None = None, *, consent: bool = True) -> Any:
    """Answer every registration page; returns the response to the final "Create account"."""
    answers = {**NEW_PATIENT, **(overrides or {})}
    assert client.raw.get("/register").headers["Location"].endswith("/register/name")
    for slug, data in answers.items():
        response = client.post(f"/register/{slug}", data)
        assert response.status_code == 302, f"/register/{slug} did not move on: {response.status_code}"
    return client.post("/register/check", {"agree": "y"} if consent else {})


def register_and_confirm(app: Flask, client: PageClient, overrides: dict[str, dict[str, Any]] | None = None) -> Any:
    """Register, then open the emailed link in the same browser; returns the link's response."""
    email = {**NEW_PATIENT, **(overrides or {})}["email"]["email"]
    response = register(client, overrides)
    assert response.headers["Location"].endswith("/register/sent")
    return client.raw.get(link_in(emails(app, email)[0]))


def emails(app: Flask, to: str | None = None) -> list[dict[str, str]]:
    """Emails sent so far (newest first), optionally only those to one address."""
    mail.wait_for_pending()
    found = mail.mailbox(app.extensions["settings"])
    return [message for message in found if to is None or message["to"] == to]


def link_in(message: dict[str, str]) -> str:
    """The path of the first link in an email's body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", message["body"])
    assert match, f"no link in {message['body']!r}"
    return match.group(1)
