"""Staff accounts: creation, set-up links, two-factor codes, roles. No Flask here."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from patient_app import audit, clock
from patient_app.access import Role
from patient_app.accounts import tokens
from patient_app.accounts.passwords import hash_password, spend_verification_time, verify_password
from patient_app.accounts.service import FREE_ATTEMPTS, MAX_LOCK, revoke_other_sessions
from patient_app.models import RecoveryCode, StaffMember, StaffRole

ISSUER = "NHS MSK service"
RECOVERY_CODE_COUNT = 10
TOTP_STEP = 30


class StaffEmailTaken(Exception):
    pass


@dataclass(frozen=True)
class NewStaff:
    email: str
    name: str
    roles: frozenset[Role]


def find_by_email(db: Session, email: str) -> StaffMember | None:
    return db.exec(select(StaffMember).where(func.lower(StaffMember.email) == email.strip().lower())).first()


def create(db: Session, *, details: NewStaff) -> tuple[StaffMember, str]:
    """A new staff member and their one-time set-up link token (caller sends it)."""
    if not details.roles:
        raise ValueError("a staff member needs at least one role")
    if find_by_email(db, details.email):
        raise StaffEmailTaken(details.email)
    staff = StaffMember(email=details.email.strip().lower(), name=details.name.strip())
    db.add(staff)
    db.flush()
    for role in sorted(details.roles):
        db.add(StaffRole(staff_id=staff.id, role=role))
    token = tokens.issue(db, purpose="staff_setup", staff_id=staff.id)
    audit.record(db, action="staff.created", subject=str(staff.id), roles=",".join(sorted(details.roles)))
    db.commit()
    return staff, token


def set_roles(db: Session, *, staff: StaffMember, roles: frozenset[Role]) -> None:
    if not roles:
        raise ValueError("a staff member needs at least one role")
    before = {row.role for row in db.exec(select(StaffRole).where(StaffRole.staff_id == staff.id))}
    db.execute(delete(StaffRole).where(col(StaffRole.staff_id) == staff.id))
    for role in sorted(roles):
        db.add(StaffRole(staff_id=staff.id, role=role))
    audit.record(
        db,
        action="staff.roles_changed",
        subject=str(staff.id),
        before=",".join(sorted(before)),
        after=",".join(sorted(roles)),
    )
    db.commit()


def deactivate(db: Session, *, staff: StaffMember) -> None:
    staff.active = False
    db.add(staff)
    revoke_other_sessions(db, staff_id=staff.id)
    audit.record(db, action="staff.deactivated", subject=str(staff.id))
    db.commit()


def reset_two_factor(db: Session, *, staff: StaffMember) -> str:
    """Clear a lost authenticator: the member sets up again from a new link."""
    staff.totp_secret = None
    staff.totp_enrolled_at = None
    staff.totp_last_step = None
    db.add(staff)
    db.execute(delete(RecoveryCode).where(col(RecoveryCode.staff_id) == staff.id))
    revoke_other_sessions(db, staff_id=staff.id)
    token = tokens.issue(db, purpose="staff_setup", staff_id=staff.id)
    audit.record(db, action="staff.two_factor_reset", subject=str(staff.id))
    db.commit()
    return token


# --- Set-up: password, then authenticator, then recovery codes ---------------


def setup_member(db: Session, token: str) -> StaffMember | None:
    row = tokens.find_valid(db, purpose="staff_setup", token=token)
    if row is None or row.staff_id is None:
        return None
    staff = db.get(StaffMember, row.staff_id)
    return staff if staff and staff.active else None


def set_password(db: Session, *, staff: StaffMember, password: str) -> None:
    staff.password_hash = hash_password(password)
    if staff.totp_secret is None or staff.totp_enrolled_at is None:
        staff.totp_secret = pyotp.random_base32()
    db.add(staff)
    audit.record(db, action="staff.password_set", subject=str(staff.id), actor=("staff", str(staff.id)))
    db.commit()


def provisioning_uri(staff: StaffMember) -> str:
    if not staff.totp_secret:
        raise ValueError("no authenticator secret yet")
    return pyotp.TOTP(staff.totp_secret).provisioning_uri(name=staff.email, issuer_name=ISSUER)


def finish_setup(db: Session, *, staff: StaffMember, token: str, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns the recovery codes to show once."""
    if not _accept_code(staff, code):
        audit.record(db, action="staff.two_factor_enrol_failed", subject=str(staff.id), actor=("staff", str(staff.id)))
        db.commit()
        return None
    row = tokens.find_valid(db, purpose="staff_setup", token=token)
    if row is None:
        return None
    tokens.consume(db, row)
    staff.totp_enrolled_at = clock.now()
    db.add(staff)
    codes = _new_recovery_codes(db, staff)
    audit.record(db, action="staff.two_factor_enrolled", subject=str(staff.id), actor=("staff", str(staff.id)))
    db.commit()
    return codes


def _new_recovery_codes(db: Session, staff: StaffMember) -> list[str]:
    db.execute(delete(RecoveryCode).where(col(RecoveryCode.staff_id) == staff.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.add(RecoveryCode(staff_id=staff.id, code_hash=hash_password(code)))
    return codes


def regenerate_recovery_codes(db: Session, *, staff: StaffMember) -> list[str]:
    codes = _new_recovery_codes(db, staff)
    audit.record(db, action="staff.recovery_codes_regenerated", subject=str(staff.id))
    db.commit()
    return codes


def change_password(db: Session, *, staff: StaffMember, current: str, new_password: str, keep_session: str) -> bool:
    """A staff member's own change: needs the current password; signs out their other sessions."""
    if not verify_password(staff.password_hash, current):
        _count_failure(db, staff, "password change")
        return False
    staff.password_hash = hash_password(new_password)
    db.add(staff)
    revoke_other_sessions(db, staff_id=staff.id, keep=keep_session)
    audit.record(db, action="staff.password_changed", subject=str(staff.id))
    db.commit()
    return True


# --- Signing in: password first, then a code ---------------------------------


def check_password(db: Session, *, email: str, password: str) -> StaffMember | None:
    staff = find_by_email(db, email)
    if staff is None or not staff.active or staff.password_hash is None or staff.totp_enrolled_at is None:
        spend_verification_time(password)
        audit.record(db, action="staff.sign_in_failed", subject="unknown or not set up")
        db.commit()
        return None
    if staff.locked_until and staff.locked_until > clock.now():
        spend_verification_time(password)
        audit.record(db, action="staff.sign_in_refused", subject=str(staff.id))
        db.commit()
        return None
    if not verify_password(staff.password_hash, password):
        _count_failure(db, staff, "password")
        return None
    return staff


def check_code(db: Session, *, staff: StaffMember, code: str) -> bool:
    if staff.locked_until and staff.locked_until > clock.now():
        return False
    if not _accept_code(staff, code):
        _count_failure(db, staff, "code")
        return False
    staff.failed_sign_ins = 0
    staff.locked_until = None
    db.add(staff)
    audit.record(db, action="staff.signed_in", subject=str(staff.id), actor=("staff", str(staff.id)), factor="totp")
    db.commit()
    return True


def use_recovery_code(db: Session, *, staff: StaffMember, code: str) -> bool:
    cleaned = code.strip().lower()
    for row in db.exec(select(RecoveryCode).where(RecoveryCode.staff_id == staff.id, RecoveryCode.used_at == None)):  # noqa: E711
        if verify_password(row.code_hash, cleaned):
            row.used_at = clock.now()
            db.add(row)
            audit.record(
                db,
                action="staff.signed_in",
                subject=str(staff.id),
                actor=("staff", str(staff.id)),
                factor="recovery code",
            )
            db.commit()
            return True
    _count_failure(db, staff, "recovery code")
    return False


def _accept_code(staff: StaffMember, code: str) -> bool:
    """A current TOTP code, not used before (each 30-second step is accepted once)."""
    cleaned = "".join(ch for ch in code if ch.isdigit())
    if not staff.totp_secret or len(cleaned) != 6:
        return False
    totp = pyotp.TOTP(staff.totp_secret)
    now = clock.now()
    for drift in (-1, 0, 1):
        moment = now + timedelta(seconds=drift * TOTP_STEP)
        step = int(moment.timestamp()) // TOTP_STEP
        if secrets.compare_digest(totp.at(moment), cleaned):
            if staff.totp_last_step is not None and step <= staff.totp_last_step:
                return False
            staff.totp_last_step = step
            return True
    return False


def _count_failure(db: Session, staff: StaffMember, what: str) -> None:
    staff.failed_sign_ins += 1
    if staff.failed_sign_ins >= FREE_ATTEMPTS:
        wait = timedelta(seconds=2 ** (staff.failed_sign_ins - FREE_ATTEMPTS + 1))
        staff.locked_until = clock.now() + min(wait, MAX_LOCK)
    db.add(staff)
    audit.record(db, action="staff.sign_in_failed", subject=str(staff.id), factor=what, failures=staff.failed_sign_ins)
    db.commit()


def remaining_recovery_codes(db: Session, staff_id: uuid.UUID) -> int:
    rows = db.exec(select(RecoveryCode).where(RecoveryCode.staff_id == staff_id, RecoveryCode.used_at == None))  # noqa: E711
    return len(rows.all())


def current_code(staff: StaffMember) -> str:
    """Development only (the CLI): the code an authenticator would show now."""
    if not staff.totp_secret:
        raise ValueError("no authenticator set up")
    return pyotp.TOTP(staff.totp_secret).at(clock.now())
