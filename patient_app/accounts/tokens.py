"""Single-use, expiring tokens for emailed links. Only hashes are stored."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.models import OneTimeToken

LIFETIMES = {
    "reset_password": timedelta(hours=1),
    "confirm_email": timedelta(hours=24),
    "staff_setup": timedelta(days=3),
}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    db: Session,
    *,
    purpose: str,
    patient_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    new_email: str | None = None,
) -> str:
    """Create a token (the caller commits). Earlier unused tokens for the same purpose stop working."""
    now = clock.now()
    earlier = select(OneTimeToken).where(
        OneTimeToken.purpose == purpose,
        col(OneTimeToken.used_at).is_(None),
        OneTimeToken.patient_id == patient_id if patient_id else OneTimeToken.staff_id == staff_id,
    )
    for old in db.exec(earlier):
        old.used_at = now
        db.add(old)
    token = secrets.token_urlsafe(32)
    db.add(
        OneTimeToken(
            purpose=purpose,
            token_hash=token_hash(token),
            patient_id=patient_id,
            staff_id=staff_id,
            new_email=new_email,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def find_valid(db: Session, *, purpose: str, token: str) -> OneTimeToken | None:
    if not token or len(token) > 100:
        return None
    row = db.exec(select(OneTimeToken).where(OneTimeToken.token_hash == token_hash(token))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= clock.now():
        return None
    return row


def consume(db: Session, row: OneTimeToken) -> None:
    row.used_at = clock.now()
    db.add(row)
