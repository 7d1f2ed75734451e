"""Drafts: answers saved after every page, for guests and signed-in patients alike.

A draft is found by its id, which the browser holds in its session (a bearer
capability: unguessable). A guest who loses the session resumes with a short
code; only the code's hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

from flask import session as browser_session
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import Draft

LIFETIME = timedelta(days=30)
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and type.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_resume_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else compact


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def start(db: Session, *, kind: str, patient_id: uuid.UUID | None = None) -> Draft:
    now = clock.now()
    draft = Draft(kind=kind, patient_id=patient_id, created_at=now, updated_at=now, expires_at=now + LIFETIME)
    db.add(draft)
    db.commit()
    remember(draft)
    return draft


def remember(draft: Draft) -> None:
    drafts = dict(browser_session.get("drafts", {}))
    drafts[draft.kind] = str(draft.id)
    browser_session["drafts"] = drafts


def forget(kind: str) -> None:
    drafts = dict(browser_session.get("drafts", {}))
    drafts.pop(kind, None)
    browser_session["drafts"] = drafts


def current(db: Session, *, kind: str, patient_id: uuid.UUID | None = None) -> Draft | None:
    """This browser's open draft of `kind`, or a signed-in patient's latest one."""
    raw = browser_session.get("drafts", {}).get(kind)
    draft = None
    if raw:
        try:
            draft = db.get(Draft, uuid.UUID(raw))
        except ValueError:
            draft = None
    if draft is None and patient_id is not None:
        draft = db.exec(
            select(Draft)
            .where(Draft.kind == kind, Draft.patient_id == patient_id, Draft.submitted_at == None)  # noqa: E711
            .order_by(Draft.updated_at.desc())  # type: ignore[attr-defined]
        ).first()
    if draft is None or draft.kind != kind or draft.expires_at <= clock.now():
        return None
    if draft.patient_id is not None and draft.patient_id != patient_id:
        return None  # someone else's draft: never shown
    return draft


def save(db: Session, draft: Draft, updates: dict[str, Any]) -> None:
    draft.answers = {**draft.answers, **updates}
    flag_modified(draft, "answers")
    draft.updated_at = clock.now()
    db.add(draft)
    db.commit()


def drop_answers(db: Session, draft: Draft, keys: set[str]) -> None:
    draft.answers = {key: value for key, value in draft.answers.items() if key not in keys}
    flag_modified(draft, "answers")
    db.add(draft)
    db.commit()


def issue_resume_code(db: Session, draft: Draft) -> str:
    code = new_resume_code()
    draft.resume_code_hash = code_hash(code)
    db.add(draft)
    db.commit()
    return code


def resume(db: Session, *, kind: str, code: str, patient_id: uuid.UUID | None) -> Draft | None:
    """The draft with this code, unless it belongs to another patient's account."""
    draft = db.exec(select(Draft).where(Draft.resume_code_hash == code_hash(code))).first()
    if draft is None or draft.kind != kind or draft.submitted_at is not None or draft.expires_at <= clock.now():
        return None
    if draft.patient_id is not None and draft.patient_id != patient_id:
        return None
    remember(draft)
    return draft
