"""Staff set-up (password, authenticator, recovery codes) and two-factor sign-in."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlmodel import Session, select

from patient_app import clock
from patient_app.access import Role
from patient_app.models import AuditEvent, RecoveryCode, StaffMember
from patient_app.staff import service as staff_service
from tests.support.pages import PageClient
from tests.support.soup import attr

PASSWORD = "quiet harbour walnut"


def _new_staff(db: Session) -> tuple[StaffMember, str]:
    return staff_service.create(
        db,
        details=staff_service.NewStaff(
            email="pat.new@example.nhs.uk", name="Pat Newstarter", roles=frozenset({Role.CLINICIAN})
        ),
    )


def _set_up(client: PageClient, db: Session) -> tuple[StaffMember, list[str]]:
    """Walk the whole set-up; returns the member and the recovery codes shown."""
    staff, token = _new_staff(db)
    page = client.get(f"/staff/set-up/{token}")
    assert page.h1 == "Set up your staff account"
    assert "Pat Newstarter" in page.text()
    response = client.post(f"/staff/set-up/{token}", {"password": PASSWORD})
    assert response.headers["Location"].endswith(f"/staff/set-up/{token}/authenticator")
    page = client.get(f"/staff/set-up/{token}/authenticator")
    assert page.h1 == "Set up your authenticator app"
    db.refresh(staff)
    assert staff.totp_secret
    assert staff.totp_secret in page.text()
    # The QR code is drawn by the app itself, as an inline SVG data URI.
    assert attr(page.one("main img"), "src").startswith("data:image/svg+xml")
    code = pyotp.TOTP(staff.totp_secret).at(clock.now())
    page = client.submit(f"/staff/set-up/{token}/authenticator", {"code": code})
    assert page.h1 == "Save your recovery codes"
    codes = [li.get_text(strip=True) for li in page.select("main ul.app-reference li")]
    return staff, codes


def _sign_in_with_password(client: PageClient, email: str = "pat.new@example.nhs.uk") -> None:
    response = client.post("/staff/sign-in", {"email": email, "password": PASSWORD})
    assert response.headers["Location"].startswith("/staff/two-factor")


def test_set_up_then_sign_in_with_an_authenticator_code(client: PageClient, db: Session) -> None:
    clock.freeze(clock.now())
    staff, codes = _set_up(client, db)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    db.refresh(staff)
    assert staff.password_hash
    assert staff.password_hash.startswith("$argon2id$")
    assert staff.totp_enrolled_at is not None
    stored = db.exec(select(RecoveryCode).where(RecoveryCode.staff_id == staff.id)).all()
    assert len(stored) == 10
    assert all(row.code_hash.startswith("$argon2") for row in stored)
    # The set-up link works once.
    fresh = PageClient(client.raw.application.test_client())
    assert fresh.raw.get(f"/staff/set-up/{'x' * 43}").status_code == 400

    clock.freeze(clock.now() + timedelta(seconds=60))
    _sign_in_with_password(fresh)
    page = fresh.get("/staff/two-factor")
    assert page.h1 == "Enter your security code"
    assert staff.totp_secret is not None
    response = fresh.post("/staff/two-factor", {"code": pyotp.TOTP(staff.totp_secret).at(clock.now())})
    assert response.headers["Location"] == "/staff/"
    assert fresh.get("/staff/").status == 200
    actions = [row.action for row in db.exec(select(AuditEvent)).all()]
    assert "staff.two_factor_enrolled" in actions
    assert "staff.signed_in" in actions


def test_the_set_up_link_cannot_be_reused(client: PageClient, db: Session) -> None:
    clock.freeze(clock.now())
    staff, token = _new_staff(db)
    client.post(f"/staff/set-up/{token}", {"password": PASSWORD}, status=302)
    db.refresh(staff)
    code = pyotp.TOTP(str(staff.totp_secret)).at(clock.now())
    client.submit(f"/staff/set-up/{token}/authenticator", {"code": code})
    page = client.get(f"/staff/set-up/{token}", status=400)
    assert page.h1 == "This set-up link has expired or has already been used"


def test_a_weak_password_is_refused_at_set_up(client: PageClient, db: Session) -> None:
    _staff, token = _new_staff(db)
    page = client.submit(f"/staff/set-up/{token}", {"password": "short"})
    assert page.errors() == ["Password must be 10 characters or more"]
    page = client.submit(f"/staff/set-up/{token}", {"password": "pat newstarter 1"})
    assert page.errors() == ["Password must not contain your name"]
    # The authenticator step needs the password first.
    assert client.raw.get(f"/staff/set-up/{token}/authenticator").headers["Location"].endswith(f"/set-up/{token}")


def test_a_wrong_code_at_enrolment_is_refused(client: PageClient, db: Session) -> None:
    clock.freeze(clock.now())
    staff, token = _new_staff(db)
    client.post(f"/staff/set-up/{token}", {"password": PASSWORD}, status=302)
    page = client.submit(f"/staff/set-up/{token}/authenticator", {"code": "000000"})
    assert page.errors() == ["The code is not correct. Enter the code your app shows now"]
    db.refresh(staff)
    assert staff.totp_enrolled_at is None
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "staff.two_factor_enrol_failed")).first()


def test_a_wrong_code_at_sign_in_is_refused(client: PageClient, db: Session) -> None:
    clock.freeze(clock.now())
    staff, _codes = _set_up(client, db)
    other = PageClient(client.raw.application.test_client())
    clock.freeze(clock.now() + timedelta(seconds=60))
    _sign_in_with_password(other)
    page = other.submit("/staff/two-factor", {"code": "123456"})
    assert page.errors() == ["The code is not correct or has expired. Enter the code your app shows now"]
    assert other.raw.get("/staff/").status_code == 302
    # A code from ten minutes ago is no good either.
    old = pyotp.TOTP(str(staff.totp_secret)).at(clock.now() - timedelta(minutes=10))
    page = other.submit("/staff/two-factor", {"code": old})
    assert page.field_error("code")


def test_a_recovery_code_works_once(client: PageClient, db: Session) -> None:
    clock.freeze(clock.now())
    _staff, codes = _set_up(client, db)
    first = PageClient(client.raw.application.test_client())
    _sign_in_with_password(first)
    page = first.get("/staff/recovery")
    assert page.h1 == "Use a recovery code"
    response = first.post("/staff/recovery", {"code": codes[0].upper()})
    assert response.headers["Location"] == "/staff/"
    assert "You have 9 left" in first.get("/staff/").text()

    second = PageClient(client.raw.application.test_client())
    _sign_in_with_password(second)
    page = second.submit("/staff/recovery", {"code": codes[0]})
    assert page.errors() == ["That recovery code is not correct or has been used"]
    page = second.submit("/staff/recovery", {"code": "abcdef-123456"})
    assert page.errors() == ["That recovery code is not correct or has been used"]


def test_code_pages_need_the_password_step_first(client: PageClient) -> None:
    assert client.raw.get("/staff/two-factor").headers["Location"] == "/staff/sign-in"
    assert client.raw.get("/staff/recovery").headers["Location"] == "/staff/sign-in"
