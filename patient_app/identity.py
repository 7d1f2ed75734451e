"""Who is signed in: the flask-login user objects, their loader, and sign-in/out.

The flask-login id is `<kind>:<user uuid>:<login session id>`. The login session
is a database row, so signing out (or a password change) ends it for good.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session
from flask_login import AnonymousUserMixin, current_user, login_user, logout_user
from sqlmodel import Session, select

from patient_app import clock
from patient_app.db import get_session
from patient_app.models import LoginSession, Patient, StaffMember, StaffRole

# Writing last_seen on every request would be a write per page; a minute is
# precise enough for a 30-minute idle timeout.
LAST_SEEN_PRECISION = timedelta(minutes=1)


@dataclass(eq=False)
class PatientUser:
    record: Patient
    login_session: LoginSession
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False
    is_patient: bool = True
    is_staff: bool = False
    roles: frozenset[str] = frozenset()

    def get_id(self) -> str:
        return f"patient:{self.record.id}:{self.login_session.id}"

    @property
    def id(self) -> uuid.UUID:
        return self.record.id


@dataclass(eq=False)
class StaffUser:
    record: StaffMember
    roles: frozenset[str]
    login_session: LoginSession
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False
    is_patient: bool = False
    is_staff: bool = True

    def get_id(self) -> str:
        return f"staff:{self.record.id}:{self.login_session.id}"

    @property
    def id(self) -> uuid.UUID:
        return self.record.id

    def has_role(self, role: str) -> bool:
        return role in self.roles


class Anonymous(AnonymousUserMixin):
    is_patient = False
    is_staff = False
    roles: frozenset[str] = frozenset()


def staff_roles(db: Session, staff_id: uuid.UUID) -> frozenset[str]:
    return frozenset(db.exec(select(StaffRole.role).where(StaffRole.staff_id == staff_id)))


def _staff_session_expired(login: LoginSession) -> bool:
    settings = current_app.extensions["settings"]
    now = clock.now()
    too_old = now - login.created_at > timedelta(hours=settings.staff_absolute_hours)
    idle = now - login.last_seen_at > timedelta(minutes=settings.staff_idle_minutes)
    return too_old or idle


def load_user(login_id: str) -> PatientUser | StaffUser | None:
    kind, _, rest = login_id.partition(":")
    raw_id, _, session_id = rest.partition(":")
    try:
        record_id = uuid.UUID(raw_id)
    except ValueError:
        return None
    db = get_session()
    login = db.get(LoginSession, session_id)
    if login is None or login.revoked_at is not None:
        return None
    user: PatientUser | StaffUser | None = None
    if kind == "patient" and login.patient_id == record_id:
        patient = db.get(Patient, record_id)
        if patient and patient.deleted_at is None:
            user = PatientUser(patient, login)
    elif kind == "staff" and login.staff_id == record_id:
        staff = db.get(StaffMember, record_id)
        if staff and staff.active:
            if _staff_session_expired(login):
                login.revoked_at = clock.now()
                db.add(login)
                db.commit()
                session["staff_timed_out"] = True
                return None
            user = StaffUser(staff, staff_roles(db, staff.id), login)
    if user is not None and clock.now() - login.last_seen_at > LAST_SEEN_PRECISION:
        login.last_seen_at = clock.now()
        db.add(login)
        db.commit()
    return user


def sign_in(db: Session, record: Patient | StaffMember, *, remember: bool = False) -> None:
    """Start a fresh session: anything from before sign-in is dropped (no fixation)."""
    carried = {key: session[key] for key in ("drafts", "submitted_referral") if key in session}
    session.clear()
    session.update(carried)
    login = LoginSession(id=secrets.token_urlsafe(32))
    user: PatientUser | StaffUser
    if isinstance(record, Patient):
        login.patient_id = record.id
        user = PatientUser(record, login)
    else:
        login.staff_id = record.id
        user = StaffUser(record, staff_roles(db, record.id), login)
    db.add(login)
    db.commit()
    login_user(user, remember=remember and isinstance(record, Patient))


def sign_out(db: Session) -> None:
    login = getattr(current_user, "login_session", None)
    if login is not None:
        login.revoked_at = clock.now()
        db.add(login)
        db.commit()
    logout_user()
    session.clear()


def signed_in_patient() -> Patient:
    """The current patient's record; only for routes declared `patient_only`."""
    if not getattr(current_user, "is_patient", False):
        raise PermissionError("not a signed-in patient")
    record: Patient = current_user.record
    return record


def signed_in_staff() -> StaffUser:
    if not getattr(current_user, "is_staff", False):
        raise PermissionError("not signed-in staff")
    user: StaffUser = current_user._get_current_object()
    return user
