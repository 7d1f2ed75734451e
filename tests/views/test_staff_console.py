"""The staff console: time-outs, roles, staff management, the CLI and the audit log."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.access import Role
from patient_app.identity import staff_roles
from patient_app.models import AuditEvent, LoginSession, Patient, StaffMember
from patient_app.staff import service as staff_service
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support.accounts import emails, link_in
from tests.support.factories import StaffLogin
from tests.support.pages import PageClient


def test_staff_are_signed_out_after_30_minutes_idle(client: PageClient, navigator: StaffLogin) -> None:
    clock.freeze(clock.now())
    sign_in_staff(client, navigator)
    clock.freeze(clock.now() + timedelta(minutes=29))
    assert client.raw.get("/staff/").status_code == 200
    clock.freeze(clock.now() + timedelta(minutes=29))
    assert client.raw.get("/staff/").status_code == 200  # still going: each visit counts
    clock.freeze(clock.now() + timedelta(minutes=31))
    response = client.raw.get("/staff/")
    assert response.headers["Location"].startswith("/staff/sign-in")
    page = client.get("/staff/sign-in")
    assert "timed out" in page.text()


def test_staff_are_signed_out_after_12_hours_however_busy(client: PageClient, navigator: StaffLogin) -> None:
    clock.freeze(clock.now())
    sign_in_staff(client, navigator)
    for _ in range(11 * 3):  # every 20 minutes for 11 hours
        clock.freeze(clock.now() + timedelta(minutes=20))
        assert client.raw.get("/staff/").status_code == 200
    clock.freeze(clock.now() + timedelta(minutes=61))
    assert client.raw.get("/staff/").status_code == 302


def test_patients_are_not_staff_and_staff_are_not_patients(
    client: PageClient, other_client: PageClient, patient: Patient, navigator: StaffLogin
) -> None:
    sign_in_patient(client, patient)
    assert client.raw.get("/staff/").status_code == 403
    sign_in_staff(other_client, navigator)
    assert other_client.raw.get("/account").status_code == 403


def test_an_admin_adds_a_staff_member_who_gets_a_set_up_email(
    client: PageClient, app: Flask, admin: StaffLogin, db: Session
) -> None:
    sign_in_staff(client, admin)
    page = client.get("/staff/people/new")
    assert page.h1 == "Add a staff member"
    page = client.submit("/staff/people/new", {"name": "", "email": "bad", "roles": []})
    assert page.errors() == [
        "Enter their full name",
        "Enter an email address in the correct format, like name@example.com",
        "Select at least one role",
    ]
    page = client.submit(
        "/staff/people/new",
        {"name": "Rowan Physio", "email": "rowan@example.nhs.uk", "roles": ["clinician", "navigator"]},
    )
    assert page.h1 == "Set-up link sent"
    member = db.exec(select(StaffMember).where(StaffMember.email == "rowan@example.nhs.uk")).one()
    assert member.password_hash is None
    link = link_in(emails(app, "rowan@example.nhs.uk")[0])
    assert link.startswith("/staff/set-up/")
    assert PageClient(app.test_client()).get(link).h1 == "Set up your staff account"
    created = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.created")).all()
    assert any(row.actor_id == str(admin.record.id) for row in created)
    page = client.submit(
        "/staff/people/new", {"name": "Rowan Again", "email": "ROWAN@example.nhs.uk", "roles": ["admin"]}
    )
    assert page.errors() == ["A staff account already uses this email address"]


def test_changing_roles_is_audited_and_takes_effect_at_once(
    client: PageClient, other_client: PageClient, admin: StaffLogin, navigator: StaffLogin, db: Session
) -> None:
    sign_in_staff(other_client, navigator)
    assert other_client.raw.get("/staff/people").status_code == 403
    sign_in_staff(client, admin)
    page = client.get(f"/staff/people/{navigator.record.id}")
    response = client.post(f"/staff/people/{navigator.record.id}", {"roles": ["navigator", "admin"]})
    assert response.headers["Location"] == "/staff/people"
    assert page.h1
    row = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.roles_changed")).one()
    assert (row.detail["before"], row.detail["after"]) == ("navigator", "admin,navigator")
    assert row.actor_id == str(admin.record.id)
    assert other_client.raw.get("/staff/people").status_code == 200


def test_a_deactivated_member_is_signed_out_and_an_admin_cannot_lock_themselves_out(
    client: PageClient, other_client: PageClient, admin: StaffLogin, navigator: StaffLogin, db: Session
) -> None:
    sign_in_staff(other_client, navigator)
    sign_in_staff(client, admin)
    client.post(f"/staff/people/{navigator.record.id}/deactivate", {}, csrf_from="/staff/people")
    assert other_client.raw.get("/staff/").status_code == 302
    with pytest.raises(AssertionError):
        sign_in_staff(PageClient(client.raw.application.test_client()), navigator)
    client.post(f"/staff/people/{admin.record.id}/deactivate", {}, csrf_from="/staff/people")
    db.refresh(admin.record)
    assert admin.record.active


def test_resetting_two_factor_ends_sessions_and_sends_a_new_link(
    client: PageClient, other_client: PageClient, app: Flask, admin: StaffLogin, clinician: StaffLogin
) -> None:
    sign_in_staff(other_client, clinician)
    sign_in_staff(client, admin)
    page = client.submit(f"/staff/people/{clinician.record.id}/reset-two-factor", {}, csrf_from="/staff/people")
    assert page.h1 == "Set-up link sent"
    assert other_client.raw.get("/staff/").status_code == 302
    assert link_in(emails(app, clinician.record.email)[0]).startswith("/staff/set-up/")


def test_new_recovery_codes_replace_the_old_ones(client: PageClient, navigator: StaffLogin, db: Session) -> None:
    sign_in_staff(client, navigator)
    assert client.get("/staff/account").h1 == "Your staff account"
    page = client.submit("/staff/account/recovery-codes", {}, csrf_from="/staff/account")
    codes = [li.get_text(strip=True) for li in page.select("main ul.app-reference li")]
    assert len(codes) == 10
    assert staff_service.remaining_recovery_codes(db, navigator.record.id) == 10


def test_the_cli_creates_staff_and_prints_a_set_up_link(app: Flask, db: Session) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "create", "--email", "cli.admin@example.nhs.uk", "--name", "Cli Admin", "--role", "admin"]
    )
    assert result.exit_code == 0, result.output
    assert "/staff/set-up/" in result.output
    path = result.output.split("127.0.0.1:5000", 1)[1].strip()
    assert PageClient(app.test_client()).get(path).h1 == "Set up your staff account"
    again = runner.invoke(
        args=["staff", "create", "--email", "cli.admin@example.nhs.uk", "--name", "Cli Admin", "--role", "admin"]
    )
    assert again.exit_code != 0
    assert "already uses" in again.output


def test_the_audit_log_is_searchable_and_exports_csv(
    client: PageClient, admin: StaffLogin, patient: Patient, db: Session
) -> None:
    failed = PageClient(client.raw.application.test_client())
    failed.submit("/sign-in", {"email": patient.email, "password": '=HYPERLINK("evil")'})
    sign_in_staff(client, admin)
    page = client.get("/staff/audit?action=patient.sign_in_failed")
    assert page.h1 == "Audit log"
    rows = page.select("main table tbody tr")
    assert len(rows) == 1
    assert "patient.sign_in_failed" in rows[0].get_text()
    page = client.get(f"/staff/audit?patient={patient.id}")
    assert all(str(patient.id)[:8] in row.get_text() or "patient" in row.get_text() for row in page.select("tbody tr"))
    client.get("/staff/audit?patient=not-a-uuid&from=not-a-date")
    response = client.raw.get("/staff/audit.csv?action=patient.")
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0][:5] == ["id", "at", "actor_type", "actor_id", "action"]
    assert {row[4] for row in table[1:]} >= {"patient.registered", "patient.sign_in_failed"}
    assert not any(cell.startswith(("=", "+", "@")) for row in table[1:] for cell in row)
    exported = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.exported_audit_log")).one()
    assert exported.actor_id == str(admin.record.id)


def test_sign_ins_and_failures_are_audited_with_where_from(
    client: PageClient, patient: Patient, navigator: StaffLogin, db: Session
) -> None:
    client.submit("/sign-in", {"email": patient.email, "password": "wrong password here"})
    sign_in_patient(client, patient)
    staff_client = PageClient(client.raw.application.test_client())
    staff_client.submit("/staff/sign-in", {"email": navigator.record.email, "password": "wrong password here"})
    sign_in_staff(staff_client, navigator)
    actions = [(row.action, row.ip_address) for row in db.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]
    for expected in ["patient.sign_in_failed", "patient.signed_in", "staff.sign_in_failed", "staff.signed_in"]:
        assert (expected, "127.0.0.1") in actions


def test_the_audit_log_cannot_be_changed_or_deleted(app: Flask, db: Session, patient: Patient) -> None:
    row = db.exec(select(AuditEvent)).first()
    assert row is not None
    row.action = "tampered"
    with pytest.raises(PermissionError):
        db.commit()
    db.rollback()
    for statement in ("UPDATE audit_event SET action = 'tampered'", "DELETE FROM audit_event"):
        with Session(app.extensions["db_engine"]) as raw, pytest.raises(DBAPIError, match=r"append-only"):
            raw.execute(text(statement))
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "tampered")).all() == []


def test_staff_sign_in_rows_are_revoked_at_sign_out(client: PageClient, navigator: StaffLogin, db: Session) -> None:
    sign_in_staff(client, navigator)
    client.post("/staff/sign-out", {}, csrf_from="/staff/")
    login = db.exec(select(LoginSession).where(LoginSession.staff_id == navigator.record.id)).one()
    assert login.revoked_at is not None
    assert client.raw.get("/staff/").status_code == 302


def test_roles_are_required(db: Session) -> None:
    with pytest.raises(ValueError, match="at least one role"):
        staff_service.create(db, details=staff_service.NewStaff(email="x@example.nhs.uk", name="X", roles=frozenset()))
    assert Role.ADMIN.value == "admin"


def test_staff_change_their_own_password(
    client: PageClient, other_client: PageClient, navigator: StaffLogin, db: Session
) -> None:
    clock.freeze(clock.now())
    sign_in_staff(client, navigator)
    clock.freeze(clock.now() + timedelta(seconds=31))  # each code works once
    sign_in_staff(other_client, navigator)
    assert client.get("/staff/account/password").h1 == "Change your password"
    page = client.submit(
        "/staff/account/password", {"current_password": "not it at all", "password": "new staff words"}
    )
    assert page.errors() == ["Your current password is not correct"]
    page = client.submit("/staff/account/password", {"current_password": navigator.password, "password": "navigator1"})
    assert page.errors() == ["Password must not contain your name"]
    response = client.post(
        "/staff/account/password", {"current_password": navigator.password, "password": "new staff words"}
    )
    assert response.headers["Location"] == "/staff/account"
    assert client.raw.get("/staff/").status_code == 200
    assert other_client.raw.get("/staff/").status_code == 302
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "staff.password_changed")).one()


def test_staff_ids_in_urls_cannot_be_guessed_or_used_by_other_roles(  # noqa: PLR0917 - pytest fixtures
    client: PageClient,
    other_client: PageClient,
    admin: StaffLogin,
    clinician: StaffLogin,
    navigator: StaffLogin,
    db: Session,
) -> None:
    sign_in_staff(client, admin)
    client.get(f"/staff/people/{uuid.uuid4()}", status=404)
    assert client.raw.post(f"/staff/people/{uuid.uuid4()}/deactivate", data={}).status_code == 400  # no CSRF token
    sign_in_staff(other_client, clinician)
    # A clinician changing their own roles (or anyone's) by posting the admin form is refused.
    response = other_client.post(
        f"/staff/people/{clinician.record.id}", {"roles": ["admin"]}, csrf_from="/staff/account"
    )
    assert response.status_code == 403
    response = other_client.post(f"/staff/people/{navigator.record.id}/deactivate", {}, csrf_from="/staff/account")
    assert response.status_code == 403
    db.refresh(navigator.record)
    db.refresh(clinician.record)
    assert navigator.record.active
    assert staff_roles(db, clinician.record.id) == {"clinician"}
