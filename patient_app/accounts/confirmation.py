"""Finishing registration from an emailed link, so the form never reveals who has an account.

"Create account" answers the same way for every address: "check your email".
A new address gets a link that creates the account; an address that already
has one gets an email saying so. The link's hash is kept on the registration
draft (with its answers), so no extra table is needed. No Flask here.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from patient_app import audit, clock
from patient_app.accounts import service as accounts
from patient_app.accounts.tokens import token_hash
from patient_app.models import Draft, Patient

LIFETIME = timedelta(hours=24)
KIND = "registration"


def address_has_account(db: Session, email: str) -> bool:
    return accounts.find_by_email(db, email) is not None


def issue_link(db: Session, *, draft: Draft, guest_referral: str | None) -> str:
    """A single-use token for this draft; only its hash is stored. An earlier link stops working."""
    token = secrets.token_urlsafe(32)
    draft.resume_code_hash = token_hash(token)
    draft.answers = {
        **draft.answers,
        "link_expires_at": (clock.now() + LIFETIME).isoformat(),
        "guest_referral": guest_referral,
    }
    db.add(draft)
    db.commit()
    return token


def note_existing_address(db: Session, *, draft: Draft) -> None:
    """The address has an account: drop the draft (it holds a password hash) and say so only by email."""
    patient = accounts.find_by_email(db, draft.answers["email"])
    audit.record(db, action="patient.registration_for_existing_email", patient_id=patient.id if patient else None)
    db.delete(draft)
    db.commit()


def _details(answers: dict[str, Any], locale: str) -> accounts.NewPatient:
    return accounts.NewPatient(
        email=answers["email"],
        given_name=answers["given_name"],
        family_name=answers["family_name"],
        date_of_birth=date.fromisoformat(answers["date_of_birth"]),
        postcode=answers["postcode"],
        gp_practice_code=answers["gp_practice"],
        mobile=answers.get("mobile"),
        nhs_number=answers.get("nhs_number"),
        locale=locale,
    )


def finish(db: Session, *, token: str, locale: str) -> tuple[Patient, str | None, str] | None:
    """Create the account from a valid link: the patient, any guest referral to attach and the draft's id."""
    if not token or len(token) > 100:
        return None
    draft = db.exec(select(Draft).where(Draft.resume_code_hash == token_hash(token), Draft.kind == KIND)).first()
    if draft is None or draft.submitted_at is not None or "link_expires_at" not in draft.answers:
        return None
    if datetime.fromisoformat(draft.answers["link_expires_at"]) <= clock.now():
        return None
    answers = dict(draft.answers)
    try:
        patient = accounts.register(db, details=_details(answers, locale), password_hash=answers["password_hash"])
    except accounts.EmailTaken:
        return None  # an account was made with this address after the link was sent
    # The draft held the password's hash: it goes once the account exists.
    db.delete(draft)
    db.commit()
    return patient, answers.get("guest_referral"), str(draft.id)
