"""Patient sign-in and sign-out: sessions, cookies, brute force and enumeration."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock, create_app
from patient_app.extensions import limiter, login_manager
from patient_app.models import AuditEvent, LoginSession, Patient
from tests.conftest import make_settings, sign_in_patient
from tests.support.factories import PATIENT_PASSWORD
from tests.support.pages import PageClient

SAME_ANSWER = "Enter a correct email address and password. If you have tried several times, wait a few minutes."


def _set_cookie(response: object, name: str) -> str:
    headers = response.headers.getlist("Set-Cookie")  # type: ignore[attr-defined]
    found = [header for header in headers if header.startswith(f"{name}=")]
    assert found, f"no {name} cookie in {headers}"
    return found[-1]


def test_signing_in_goes_to_the_account_and_signing_out_ends_the_session(
    client: PageClient, patient: Patient, db: Session
) -> None:
    page = client.get("/sign-in")
    assert page.h1 == "Sign in"
    response = client.post("/sign-in", {"email": patient.email.upper(), "password": PATIENT_PASSWORD})
    assert response.headers["Location"] == "/account"
    assert client.get("/account").h1 == "Your account"
    stolen = client.raw.get_cookie("msk_session")
    assert stolen is not None
    response = client.post("/sign-out", {}, csrf_from="/account")
    assert response.headers["Location"] == "/signed-out"
    assert client.get("/signed-out").h1 == "You have signed out"
    assert client.raw.get("/account").headers["Location"].startswith("/sign-in?next=")
    # A copy of the old cookie no longer works: the sign-in row was revoked.
    client.raw.set_cookie("msk_session", stolen.value)
    assert client.raw.get("/account").status_code == 302
    assert db.exec(select(LoginSession).where(LoginSession.patient_id == patient.id)).one().revoked_at is not None


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client: PageClient, patient: Patient) -> None:
    response = client.post(
        "/sign-in?next=/account/password", {"email": patient.email, "password": PATIENT_PASSWORD}, csrf_from="/sign-in"
    )
    assert response.headers["Location"] == "/account/password"
    client.post("/sign-out", {}, csrf_from="/account")
    response = client.post(
        "/sign-in?next=https://evil.example/",
        {"email": patient.email, "password": PATIENT_PASSWORD},
        csrf_from="/sign-in",
    )
    assert response.headers["Location"] == "/"
    # Browsers read "/\\host" as "//host": a backslash must not lead off the site either.
    for target in ["/%5Cevil.example", "//evil.example", "/%09/evil.example"]:
        client.post("/sign-out", {}, csrf_from="/account")
        response = client.post(
            f"/sign-in?next={target}", {"email": patient.email, "password": PATIENT_PASSWORD}, csrf_from="/sign-in"
        )
        assert response.headers["Location"] == "/", target


def test_known_and_unknown_emails_get_the_same_answer(client: PageClient, patient: Patient, db: Session) -> None:
    wrong_password = client.submit("/sign-in", {"email": patient.email, "password": "not my password at all"})
    unknown = client.submit("/sign-in", {"email": "nobody@example.com", "password": "not my password at all"})
    assert wrong_password.errors() == unknown.errors() == [SAME_ANSWER]
    assert wrong_password.value("email") == patient.email
    actions = [row.action for row in db.exec(select(AuditEvent).where(AuditEvent.action == "patient.sign_in_failed"))]
    assert len(actions) == 2


def test_remember_this_device_is_off_by_default(client: PageClient, patient: Patient) -> None:
    page = client.get("/sign-in")
    box = page.one('input[name="remember"]')
    assert not box.has_attr("checked")
    response = client.post("/sign-in", {"email": patient.email, "password": PATIENT_PASSWORD})
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))


@pytest.mark.wall_clock  # Flask-Login dates the cookie by the machine's clock
def test_remembering_sets_a_30_day_httponly_cookie(client: PageClient, patient: Patient) -> None:
    response = client.post("/sign-in", {"email": patient.email, "password": PATIENT_PASSWORD, "remember": "y"})
    cookie = _set_cookie(response, "remember_token")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    expires = client.raw.get_cookie("remember_token").expires  # type: ignore[union-attr]
    assert expires is not None
    assert timedelta(days=29) < expires - clock.now() < timedelta(days=31)


def test_session_cookie_flags(client: PageClient, patient: Patient) -> None:
    response = client.post("/sign-in", {"email": patient.email, "password": PATIENT_PASSWORD})
    cookie = _set_cookie(response, "msk_session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development and tests


def test_session_cookie_is_secure_over_https(tmp_path: Path, settings: object) -> None:
    app = create_app(make_settings(tmp_path, settings.database_url, https=True))  # type: ignore[attr-defined]
    client = app.test_client()
    response = client.get("/sign-in", base_url="https://localhost")
    assert "Secure" in _set_cookie(response, "msk_session")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    app.extensions["db_engine"].dispose()


def test_the_session_is_renewed_at_sign_in(client: PageClient, patient: Patient, db: Session) -> None:
    with client.raw.session_transaction() as planted:
        planted["planted_by_attacker"] = "yes"
    before = client.raw.get_cookie("msk_session").value  # type: ignore[union-attr]
    sign_in_patient(client, patient)
    after = client.raw.get_cookie("msk_session").value  # type: ignore[union-attr]
    assert after != before
    with client.raw.session_transaction() as current:
        assert "planted_by_attacker" not in current
        first_login = current["_user_id"]
    client.post("/sign-out", {}, csrf_from="/account")
    sign_in_patient(client, patient)
    with client.raw.session_transaction() as current:
        assert current["_user_id"] != first_login
    assert len(db.exec(select(LoginSession).where(LoginSession.patient_id == patient.id)).all()) == 2


def test_strong_session_protection_drops_a_session_used_from_another_browser(
    client: PageClient, patient: Patient, app: Flask
) -> None:
    assert login_manager.session_protection == "strong"
    client.raw.environ_base["HTTP_USER_AGENT"] = "Phone browser"
    sign_in_patient(client, patient)
    assert client.raw.get("/account").status_code == 200
    client.raw.environ_base["HTTP_USER_AGENT"] = "Someone else's browser"
    assert client.raw.get("/account").status_code == 302


def test_a_guests_session_cookie_is_only_sent_when_it_changes(client: PageClient) -> None:
    # Every response re-sending a guest's cookie let responses in flight at the same time
    # (the service worker's precache) overwrite a newer cookie, and lose a draft referral.
    client.get("/self-referral")
    for url in ("/static/js/app.js", "/get-help/cauda-equina", "/self-referral", "/offline"):
        response = client.raw.get(url)
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == [], url
    started = client.post("/self-referral/start", {}, csrf_from="/self-referral")
    assert started.status_code == 302
    assert any(cookie.startswith("msk_session=") for cookie in started.headers.getlist("Set-Cookie"))


def test_the_sixth_bad_password_in_a_minute_is_refused(client: PageClient, patient: Patient) -> None:
    token = client.get("/sign-in").csrf_token()
    for attempt in range(5):
        response = client.raw.post(
            "/sign-in", data={"csrf_token": token, "email": patient.email, "password": f"wrong password {attempt}"}
        )
        assert response.status_code == 200
    response = client.raw.post(
        "/sign-in", data={"csrf_token": token, "email": patient.email, "password": PATIENT_PASSWORD}
    )
    assert response.status_code == 429


def test_repeated_failures_add_a_growing_wait_for_that_account(
    client: PageClient, patient: Patient, db: Session
) -> None:
    clock.freeze(clock.now())
    for attempt in range(5):
        client.submit("/sign-in", {"email": patient.email, "password": f"wrong password {attempt}"})
        limiter.reset()
    db.refresh(patient)
    assert patient.failed_sign_ins == 5
    assert patient.locked_until is not None
    first_wait = patient.locked_until - clock.now()
    # While the account cools down, even the right password gets the same answer.
    page = client.submit("/sign-in", {"email": patient.email, "password": PATIENT_PASSWORD})
    assert page.errors() == [SAME_ANSWER]
    clock.freeze(clock.now() + first_wait + timedelta(seconds=1))
    client.submit("/sign-in", {"email": patient.email, "password": "wrong again wrong"})
    db.refresh(patient)
    assert patient.locked_until - clock.now() > first_wait
    clock.freeze(clock.now() + timedelta(minutes=16))
    sign_in_patient(client, patient)
    db.refresh(patient)
    assert patient.failed_sign_ins == 0


def test_a_closed_or_unknown_user_in_the_cookie_is_signed_out(
    client: PageClient, patient: Patient, db: Session
) -> None:
    sign_in_patient(client, patient)
    with client.raw.session_transaction() as current:
        current["_user_id"] = current["_user_id"].replace("patient:", "staff:")
    assert client.raw.get("/account").status_code == 302
