"""Patient accounts: register, authenticate, reset, change and close. No Flask here.

Callers pass the database session; each function that completes a unit of work
commits it, with its audit row in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select, update

from patient_app import audit, clock
from patient_app.accounts import tokens
from patient_app.accounts.passwords import hash_password, spend_verification_time, verify_password
from patient_app.models import Draft, LoginSession, Patient

# After this many failures in a row, each further attempt waits longer.
FREE_ATTEMPTS = 5
MAX_LOCK = timedelta(minutes=15)
PRIVACY_NOTICE_VERSION = "1.0 (November 2026)"


class EmailTaken(Exception):
    """Registration or change to an email that already has an account."""


@dataclass(frozen=True)
class NewPatient:
    email: str
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    gp_practice_code: str
    mobile: str | None = None
    nhs_number: str | None = None
    locale: str = "en"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(db: Session, email: str) -> Patient | None:
    return db.exec(
        select(Patient).where(func.lower(Patient.email) == normalise_email(email), Patient.deleted_at == None)  # noqa: E711
    ).first()


def register(db: Session, *, details: NewPatient, password_hash: str) -> Patient:
    if find_by_email(db, details.email) is not None:
        raise EmailTaken(details.email)
    patient = Patient(
        email=normalise_email(details.email),
        password_hash=password_hash,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        postcode=details.postcode,
        mobile=details.mobile or None,
        gp_practice_code=details.gp_practice_code,
        nhs_number=details.nhs_number or None,
        locale=details.locale,
        consent_version=PRIVACY_NOTICE_VERSION,
        consent_at=clock.now(),
    )
    db.add(patient)
    db.flush()
    audit.record(db, action="patient.registered", patient_id=patient.id, actor=("patient", str(patient.id)))
    db.commit()
    return patient


def authenticate(db: Session, *, email: str, password: str) -> Patient | None:
    """The patient if the email and password match and the account is not cooling down.

    Unknown emails spend the same hashing time as known ones, and every failure
    gets the same answer, so the form cannot be used to find out who has an account.
    """
    patient = find_by_email(db, email)
    if patient is None:
        spend_verification_time(password)
        audit.record(db, action="patient.sign_in_failed", subject="unknown email")
        db.commit()
        return None
    now = clock.now()
    if patient.locked_until and patient.locked_until > now:
        spend_verification_time(password)
        audit.record(db, action="patient.sign_in_refused", patient_id=patient.id, subject="cooling down")
        db.commit()
        return None
    if not verify_password(patient.password_hash, password):
        patient.failed_sign_ins += 1
        if patient.failed_sign_ins >= FREE_ATTEMPTS:
            wait = timedelta(seconds=2 ** (patient.failed_sign_ins - FREE_ATTEMPTS + 1))
            patient.locked_until = now + min(wait, MAX_LOCK)
        db.add(patient)
        audit.record(db, action="patient.sign_in_failed", patient_id=patient.id, failures=patient.failed_sign_ins)
        db.commit()
        return None
    patient.failed_sign_ins = 0
    patient.locked_until = None
    db.add(patient)
    audit.record(db, action="patient.signed_in", patient_id=patient.id, actor=("patient", str(patient.id)))
    db.commit()
    return patient


def start_password_reset(db: Session, *, email: str) -> tuple[Patient, str] | None:
    patient = find_by_email(db, email)
    if patient is None:
        return None
    token = tokens.issue(db, purpose="reset_password", patient_id=patient.id)
    audit.record(db, action="patient.password_reset_requested", patient_id=patient.id)
    db.commit()
    return patient, token


def patient_for_reset(db: Session, *, token: str) -> Patient | None:
    """Whose password a reset link is for, while the link is still good."""
    row = tokens.find_valid(db, purpose="reset_password", token=token)
    if row is None or row.patient_id is None:
        return None
    patient = db.get(Patient, row.patient_id)
    return patient if patient is not None and patient.deleted_at is None else None


def finish_password_reset(db: Session, *, token: str, new_password: str) -> Patient | None:
    row = tokens.find_valid(db, purpose="reset_password", token=token)
    if row is None or row.patient_id is None:
        return None
    patient = db.get(Patient, row.patient_id)
    if patient is None or patient.deleted_at is not None:
        return None
    tokens.consume(db, row)
    _set_password(db, patient, new_password, keep_session=None)
    audit.record(db, action="patient.password_reset", patient_id=patient.id, actor=("patient", str(patient.id)))
    db.commit()
    return patient


def change_password(db: Session, *, patient: Patient, current: str, new_password: str, keep_session: str) -> bool:
    if not verify_password(patient.password_hash, current):
        return False
    _set_password(db, patient, new_password, keep_session=keep_session)
    audit.record(db, action="patient.password_changed", patient_id=patient.id)
    db.commit()
    return True


def _set_password(db: Session, patient: Patient, new_password: str, *, keep_session: str | None) -> None:
    patient.password_hash = hash_password(new_password)
    patient.failed_sign_ins = 0
    patient.locked_until = None
    db.add(patient)
    revoke_other_sessions(db, patient_id=patient.id, keep=keep_session)


def request_email_change(db: Session, *, patient: Patient, password: str, new_email: str) -> str | None:
    """A confirmation token for the new address, or None if the password is wrong.

    If the new address already has an account we still issue nothing but say the
    same thing, so this cannot be used to discover accounts.
    """
    if not verify_password(patient.password_hash, password):
        return None
    if find_by_email(db, new_email) is not None:
        audit.record(db, action="patient.email_change_refused", patient_id=patient.id, subject="address in use")
        db.commit()
        return ""
    token = tokens.issue(db, purpose="confirm_email", patient_id=patient.id, new_email=normalise_email(new_email))
    audit.record(db, action="patient.email_change_requested", patient_id=patient.id)
    db.commit()
    return token


def confirm_email_change(db: Session, *, token: str) -> tuple[Patient, str] | None:
    """Apply a confirmed change: the patient and their old address (told about the change), or None."""
    row = tokens.find_valid(db, purpose="confirm_email", token=token)
    if row is None or row.patient_id is None or row.new_email is None:
        return None
    patient = db.get(Patient, row.patient_id)
    if patient is None or patient.deleted_at is not None or find_by_email(db, row.new_email) is not None:
        return None
    tokens.consume(db, row)
    old_email = patient.email
    patient.email = row.new_email
    db.add(patient)
    audit.record(db, action="patient.email_changed", patient_id=patient.id)
    db.commit()
    return patient, old_email


def close_account(db: Session, *, patient: Patient, password: str) -> bool:
    """Remove sign-in and contact details; keep the health records already sent.

    The clinical record (referrals, messages, scores sent to the hub) is kept for
    the retention period in the privacy notice; the account can no longer sign
    in, and its email address is free for a new account.
    """
    if not verify_password(patient.password_hash, password):
        return False
    now = clock.now()
    patient.deleted_at = now
    patient.email = f"closed-{patient.id}@closed.invalid"
    patient.password_hash = "!"  # noqa: S105 - not a hash, so it matches no password
    patient.mobile = None
    db.add(patient)
    for draft in db.exec(select(Draft).where(Draft.patient_id == patient.id, Draft.submitted_at == None)):  # noqa: E711
        db.delete(draft)
    revoke_other_sessions(db, patient_id=patient.id)
    audit.record(db, action="patient.account_closed", patient_id=patient.id)
    db.commit()
    return True


def revoke_other_sessions(
    db: Session,
    *,
    patient_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    keep: str | None = None,
) -> None:
    """End every other sign-in of this person (after a password change or reset)."""
    statement = update(LoginSession).where(col(LoginSession.revoked_at).is_(None))
    if patient_id is not None:
        statement = statement.where(col(LoginSession.patient_id) == patient_id)
    else:
        statement = statement.where(col(LoginSession.staff_id) == staff_id)
    if keep is not None:
        statement = statement.where(col(LoginSession.id) != keep)
    db.execute(statement.values(revoked_at=clock.now()))
