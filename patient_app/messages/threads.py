"""Conversations from the patient's side: start one, reply, read, and what is unread.

Every query takes the patient's id: a thread is found by its id *and* its
patient, so another patient's thread is simply not found (the view answers 404).
Each message is written with its outbox event in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.messages import message_bundle
from patient_app.messages import red_flags
from patient_app.messages.working_days import reply_due_by
from patient_app.models import Message, MessageThread, Patient, Referral

TOPICS = ("referral", "exercises", "green-card", "other")
MAX_LENGTH = 1000


@dataclass(frozen=True)
class Sent:
    thread: MessageThread
    message: Message
    flags: list[red_flags.Flag]
    reopened: bool


def latest_referral_id(db: Session, *, patient_id: uuid.UUID) -> uuid.UUID | None:
    statement = select(Referral.id).where(Referral.patient_id == patient_id).order_by(col(Referral.submitted_at).desc())
    return db.exec(statement).first()


def start(db: Session, *, patient: Patient, topic: str, text: str, promise_days: int) -> Sent:
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    now = clock.now()
    thread = MessageThread(
        patient_id=patient.id,
        topic=topic,
        referral_id=latest_referral_id(db, patient_id=patient.id) if topic == "referral" else None,
        created_at=now,
        last_activity_at=now,
        patient_read_at=now,
    )
    db.add(thread)
    db.flush()
    return _add_patient_message(db, patient=patient, thread=thread, text=text, promise_days=promise_days)


def reply(db: Session, *, patient: Patient, thread: MessageThread, text: str, promise_days: int) -> Sent:
    if thread.patient_id != patient.id:
        raise PermissionError("not this patient's thread")
    return _add_patient_message(db, patient=patient, thread=thread, text=text, promise_days=promise_days)


def _add_patient_message(db: Session, *, patient: Patient, thread: MessageThread, text: str, promise_days: int) -> Sent:
    text = text.strip()
    if not text or len(text) > MAX_LENGTH:
        raise ValueError("a message must have 1 to 1,000 characters")
    now = clock.now()
    flags = red_flags.screen(text)
    message = Message(
        thread_id=thread.id,
        author_kind="patient",
        author_name=patient.full_name,
        text=text,
        red_flags=",".join(flag.id for flag in flags) or None,
        created_at=now,
    )
    reopened = thread.status == "closed"
    thread.status = "open"
    thread.closed_at = None
    if thread.due_by is None:
        thread.due_by = reply_due_by(now, working_days=promise_days)
    if flags:
        thread.urgent = True
        reasons = [flag.label for flag in flags]
        if thread.urgent_reason:
            reasons = [thread.urgent_reason, *reasons]
        thread.urgent_reason = "; ".join(dict.fromkeys(reasons))[:300]
    thread.last_activity_at = now
    thread.patient_read_at = now
    db.add_all([thread, message])
    db.flush()
    queue_for_hub(db, message=message, thread=thread, patient=patient, urgent=bool(flags))
    db.commit()
    return Sent(thread=thread, message=message, flags=flags, reopened=reopened)


def find(db: Session, *, patient_id: uuid.UUID, thread_id: uuid.UUID) -> MessageThread | None:
    statement = select(MessageThread).where(MessageThread.id == thread_id, MessageThread.patient_id == patient_id)
    return db.exec(statement).first()


def for_patient(db: Session, *, patient_id: uuid.UUID) -> list[MessageThread]:
    statement = (
        select(MessageThread)
        .where(MessageThread.patient_id == patient_id)
        .order_by(col(MessageThread.last_activity_at).desc())
    )
    return list(db.exec(statement))


def messages(db: Session, *, thread_id: uuid.UUID) -> list[Message]:
    statement = select(Message).where(Message.thread_id == thread_id).order_by(col(Message.created_at))
    return list(db.exec(statement))


def is_unread(thread: MessageThread) -> bool:
    return thread.last_staff_message_at is not None and (
        thread.patient_read_at is None or thread.last_staff_message_at > thread.patient_read_at
    )


def unread_count(db: Session, *, patient_id: uuid.UUID) -> int:
    """Threads with a reply the patient has not opened yet (the header badge)."""
    statement = select(func.count()).where(
        MessageThread.patient_id == patient_id,
        col(MessageThread.last_staff_message_at).is_not(None),
        or_(
            col(MessageThread.patient_read_at).is_(None),
            col(MessageThread.last_staff_message_at) > col(MessageThread.patient_read_at),
        ),
    )
    return db.exec(statement).one()


def mark_read_by_patient(db: Session, *, thread: MessageThread) -> None:
    if is_unread(thread):
        thread.patient_read_at = clock.now()
        db.add(thread)
        db.commit()


def queue_for_hub(db: Session, *, message: Message, thread: MessageThread, patient: Patient, urgent: bool) -> None:
    """Every message, from either side, goes to the hub as a Communication in the same transaction."""
    outbox.enqueue(
        db,
        event_type="message.sent",
        aggregate_type="message",
        aggregate_id=str(message.id),
        bundle=message_bundle(message=message, thread=thread, owner=patient),
        patient_id=patient.id,
        priority=outbox.URGENT if urgent else outbox.NORMAL,
    )
