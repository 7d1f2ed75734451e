"""Canned replies: written once by admins, filled in for each patient.

Placeholders are names in braces. Only the ones listed here are filled; the
admin form refuses any other, so a typo cannot reach a patient as "{frist_name}".
"""

from __future__ import annotations

import re
import uuid

from sqlmodel import Session, col, select

from patient_app import audit, clock
from patient_app.models import CannedReply, Patient

PLACEHOLDERS = ("first_name", "last_name", "staff_name")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def fill(text: str, *, patient: Patient, staff_name: str) -> str:
    values = {"first_name": patient.given_name, "last_name": patient.family_name, "staff_name": staff_name}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def all_replies(db: Session) -> list[CannedReply]:
    return list(db.exec(select(CannedReply).order_by(col(CannedReply.title))))


def find(db: Session, reply_id: uuid.UUID) -> CannedReply | None:
    return db.get(CannedReply, reply_id)


def save(db: Session, *, reply: CannedReply | None, title: str, text: str) -> CannedReply:
    if unknown_placeholders(text):
        raise ValueError("unknown placeholder")
    reply = reply or CannedReply(title=title, text=text)
    reply.title, reply.text, reply.updated_at = title.strip(), text.strip(), clock.now()
    db.add(reply)
    audit.record(db, action="staff.saved_canned_reply", subject=reply.title)
    db.commit()
    return reply


def delete(db: Session, *, reply: CannedReply) -> None:
    audit.record(db, action="staff.deleted_canned_reply", subject=reply.title)
    db.delete(reply)
    db.commit()
