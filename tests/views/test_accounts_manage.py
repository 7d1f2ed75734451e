"""Forgotten passwords, changing email and password, closing the account, downloading data."""

from __future__ import annotations

import io
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlmodel import Session, select

from patient_app import clock, mail
from patient_app.models import AuditEvent, Patient
from tests.conftest import sign_in_patient
from tests.support.accounts import emails, link_in
from tests.support.factories import PATIENT_PASSWORD, make_patient
from tests.support.pages import PageClient

NEW = "silver teapot meadow"
EXPIRED = "This link has expired or has already been used"


def _ask_for_reset(client: PageClient, email: str) -> str:
    response = client.post("/forgot-password", {"email": email})
    return str(response.headers["Location"])


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client: PageClient, app: Flask, patient: Patient
) -> None:
    assert client.get("/forgot-password").h1 == "Reset your password"
    known = _ask_for_reset(client, patient.email)
    unknown = _ask_for_reset(client, "nobody@example.com")
    assert known == unknown == "/forgot-password/sent"
    assert client.get(known).h1 == "Check your email"
    assert len(emails(app)) == 1
    assert emails(app)[0]["to"] == patient.email


def test_a_reset_link_works_once(client: PageClient, app: Flask, patient: Patient, other_client: PageClient) -> None:
    sign_in_patient(other_client, patient)
    _ask_for_reset(client, patient.email)
    link = link_in(emails(app, patient.email)[0])
    page = client.get(link)
    assert page.h1 == "Choose a new password"
    page = client.submit(link, {"password": "short"})
    assert page.errors() == ["Password must be 10 characters or more"]
    page = client.submit(link, {"password": f"my {patient.email} pw"})
    assert page.errors() == ["Password must not contain your email address"]
    response = client.post(link, {"password": NEW})
    assert response.headers["Location"] == "/sign-in"
    assert emails(app, patient.email)[0]["subject"] == "Your password was changed"
    # The other device was signed out by the reset.
    assert other_client.raw.get("/account").status_code == 302
    again = client.submit(link, {"password": "another new password"}, csrf_from="/forgot-password", status=400)
    assert again.h1 == EXPIRED
    assert client.get(link, status=400).h1 == EXPIRED
    sign_in_patient(client, patient, NEW)


def test_a_reset_link_expires_after_an_hour(client: PageClient, app: Flask, patient: Patient) -> None:
    clock.freeze(clock.now())
    _ask_for_reset(client, patient.email)
    link = link_in(emails(app, patient.email)[0])
    clock.freeze(clock.now() + timedelta(minutes=61))
    page = client.get(link, status=400)
    assert page.h1 == EXPIRED
    assert page.select("main a[href='/forgot-password']")
    sign_in_patient(client, patient)


def test_a_newer_reset_link_replaces_the_older_one(client: PageClient, app: Flask, patient: Patient) -> None:
    _ask_for_reset(client, patient.email)
    first = link_in(emails(app, patient.email)[0])
    _ask_for_reset(client, patient.email)
    assert client.get(first, status=400).h1 == EXPIRED


def test_tampered_tokens_get_a_helpful_page(client: PageClient, app: Flask, patient: Patient) -> None:
    _ask_for_reset(client, patient.email)
    link = link_in(emails(app, patient.email)[0])
    assert client.get(link[:-3] + "abc", status=400).h1 == EXPIRED
    page = client.submit(link[:-3] + "abc", {"password": NEW}, csrf_from="/forgot-password", status=400)
    assert page.h1 == EXPIRED
    assert client.get("/account/email/confirm/" + "x" * 300, status=400).h1 == EXPIRED
    assert client.get("/staff/set-up/%3Cscript%3E", status=400).h1.startswith("This set-up link")


def test_changing_the_password(
    client: PageClient, app: Flask, patient: Patient, other_client: PageClient, db: Session
) -> None:
    sign_in_patient(client, patient)
    sign_in_patient(other_client, patient)
    page = client.get("/account/password")
    assert page.h1 == "Change your password"
    page = client.submit("/account/password", {"current_password": "wrong one here", "password": NEW})
    assert page.errors() == ["Your current password is not correct"]
    page = client.submit(
        "/account/password", {"current_password": PATIENT_PASSWORD, "password": patient.given_name + " is great"}
    )
    assert page.errors() == ["Password must not contain your name"]
    page = client.submit("/account/password", {"current_password": PATIENT_PASSWORD, "password": "password1234"})
    assert page.errors() == ["This password is too common. Choose one that would be hard to guess"]
    response = client.post("/account/password", {"current_password": PATIENT_PASSWORD, "password": NEW})
    assert response.headers["Location"] == "/account"
    assert client.raw.get("/account").status_code == 200  # this device stays signed in
    assert other_client.raw.get("/account").status_code == 302  # others are signed out
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "patient.password_changed")).one()
    assert emails(app, patient.email)[0]["subject"] == "Your password was changed"


def test_changing_the_email_is_confirmed_from_the_new_address(
    client: PageClient, app: Flask, patient: Patient, db: Session
) -> None:
    sign_in_patient(client, patient)
    old_email = patient.email
    assert client.get("/account/email").h1 == "Change your email address"
    page = client.submit("/account/email", {"email": "sam.new@example.com", "password": "not my password"})
    assert page.errors() == ["Your password is not correct"]
    assert page.value("email") == "sam.new@example.com"
    page = client.submit("/account/email", {"email": "sam.new@example.com", "password": PATIENT_PASSWORD})
    assert page.h1 == "Check your email"
    db.refresh(patient)
    assert patient.email == old_email  # nothing changes until the link is used
    link = link_in(emails(app, "sam.new@example.com")[0])
    response = client.raw.get(link)
    assert response.headers["Location"] == "/account"
    response.close()
    db.refresh(patient)
    assert patient.email == "sam.new@example.com"
    assert client.get(link, status=400).h1 == EXPIRED
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "patient.email_changed")).one()
    # The old address is told, in case it was not the patient who asked.
    assert emails(app, old_email)[0]["subject"] == "Your email address was changed"
    client.post("/sign-out", {}, csrf_from="/account")
    assert client.submit("/sign-in", {"email": old_email, "password": PATIENT_PASSWORD}).errors()
    sign_in_patient(client, patient)


def test_changing_to_an_address_in_use_looks_the_same(
    client: PageClient, app: Flask, patient: Patient, other_patient: Patient
) -> None:
    sign_in_patient(client, patient)
    page = client.submit("/account/email", {"email": other_patient.email, "password": PATIENT_PASSWORD})
    assert page.h1 == "Check your email"
    assert emails(app, other_patient.email) == [] or "already" in emails(app, other_patient.email)[0]["body"]


def test_closing_the_account_explains_what_is_kept(client: PageClient, patient: Patient, db: Session) -> None:
    sign_in_patient(client, patient)
    page = client.get("/account/close")
    assert page.h1 == "Close your account"
    assert "We keep the health information you already sent us" in page.text()
    page = client.submit("/account/close", {"password": "not my password"})
    assert page.errors() == ["Your password is not correct"]
    email = patient.email
    response = client.post("/account/close", {"password": PATIENT_PASSWORD})
    assert response.headers["Location"] == "/account/closed"
    assert client.get("/account/closed").h1 == "Your account is closed"
    assert client.raw.get("/account").status_code == 302
    db.refresh(patient)
    assert patient.deleted_at is not None
    assert patient.mobile is None
    assert patient.email != email
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "patient.account_closed")).one()
    # The record stays (it is part of the clinical record) but cannot sign in again.
    page = client.submit("/sign-in", {"email": email, "password": PATIENT_PASSWORD})
    assert page.errors()
    # The address is free for a new account.
    make_patient(db, email=email)


def test_download_my_data_as_json_holds_only_my_things(
    client: PageClient, patient: Patient, other_patient: Patient
) -> None:
    sign_in_patient(client, patient)
    response = client.raw.get("/account/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    text = json.dumps(data)
    assert patient.email in text
    assert other_patient.email not in text
    assert other_patient.family_name not in text
    assert "password" not in text.lower()


def test_download_my_data_as_a_readable_pdf(client: PageClient, patient: Patient, tmp_path: Path) -> None:
    sign_in_patient(client, patient)
    response = client.raw.get("/account/data.pdf")
    assert response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert patient.full_name in text
    assert patient.email in text
    # Written for people: dates as words, not ISO codes; GP and NHS in capitals.
    assert "15 January 1980" in text
    assert "1980-01-15" not in text
    assert "GP practice" in text
    assert "NHS number" in text


def test_the_development_mailbox_is_only_in_development(tmp_path: Path, settings: object, client: PageClient) -> None:
    from patient_app import create_app  # noqa: PLC0415
    from tests.conftest import make_settings  # noqa: PLC0415

    assert client.raw.get("/dev/mailbox").status_code == 404
    for env, status in [("development", 200), ("production", 404)]:
        overrides: dict[str, object] = {"env": env}
        if env == "production":
            overrides |= {"https": True, "hub_transport": "file"}
        app = create_app(make_settings(tmp_path / env, settings.database_url, **overrides))  # type: ignore[attr-defined]
        page_client = PageClient(app.test_client())
        if status == 200:
            page_client.raw.post("/forgot-password", data={})
            page = page_client.get("/dev/mailbox")
            assert page.h1 == "Development mailbox"
        else:
            assert page_client.raw.get("/dev/mailbox").status_code == 404
        app.extensions["db_engine"].dispose()


def test_a_slow_mail_server_does_not_hold_up_the_reset_answer(
    client: PageClient, app: Flask, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Known addresses must not answer more slowly than unknown ones because mail is slow.
    release = threading.Event()
    write = mail._write_to_mailbox

    def slow_write(folder: Path, message: mail.Mail) -> None:
        assert release.wait(10), "the mail server was never released"
        write(folder, message)

    monkeypatch.setattr(mail, "_write_to_mailbox", slow_write)
    token = client.get("/forgot-password").csrf_token()
    response = client.raw.post("/forgot-password", data={"csrf_token": token, "email": patient.email})
    assert response.status_code == 302  # answered while the mail server is still stuck
    assert mail.mailbox(app.extensions["settings"]) == []
    release.set()
    assert [message["to"] for message in emails(app)] == [patient.email]
