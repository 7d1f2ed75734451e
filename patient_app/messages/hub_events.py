"""`message.created` events: a clinician at the hub writes to the patient.

Envelope (docs/hub-api.md): {"id", "type", "occurred_at", "referral": <our
reference>, "data": {"message_id", "author": {"name", "role"}, "text"}}. The
message joins the patient's most recent open thread about that referral, or
starts one; it counts as the team's reply (nothing owed, unread for the
patient). A repeated event (same data.message_id) adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.models import Message, MessageThread, Patient, Referral

HUB_TEXT_MAX_LENGTH = 5000


class HubMessageRejected(ValueError):
    """The event cannot become a message (malformed, or no patient account to show it to)."""


def _parse(event: dict[str, Any]) -> tuple[str, str, str]:
    data = event.get("data")
    if not isinstance(data, dict):
        raise HubMessageRejected("data must be an object")
    message_id, text, author = data.get("message_id"), data.get("text"), data.get("author")
    if not isinstance(message_id, str) or not message_id or len(message_id) > 100:
        raise HubMessageRejected("data.message_id must be a string of up to 100 characters")
    if not isinstance(text, str) or not text.strip() or len(text) > HUB_TEXT_MAX_LENGTH:
        raise HubMessageRejected(f"data.text must be 1 to {HUB_TEXT_MAX_LENGTH} characters")
    if not isinstance(author, dict) or not isinstance(author.get("name"), str) or not author["name"].strip():
        raise HubMessageRejected("data.author.name is required")
    return message_id, text.strip(), author["name"].strip()[:200]


def _occurred_at(event: dict[str, Any]) -> datetime:
    try:
        moment = datetime.fromisoformat(str(event.get("occurred_at")))
    except ValueError:
        return clock.now()
    return moment if moment.tzinfo else clock.now()


def receive(db: Session, event: dict[str, Any], referral: Referral | None) -> Message | None:
    """Add the hub clinician's message; the caller commits (it runs in the event's transaction)."""
    message_id, text, author_name = _parse(event)
    if referral is None or referral.patient_id is None:
        raise HubMessageRejected("the referral has no patient account to show the message to")
    patient = db.get(Patient, referral.patient_id)
    if patient is None or patient.deleted_at is not None:
        raise HubMessageRejected("the referral has no patient account to show the message to")
    if db.exec(select(Message).where(Message.hub_message_id == message_id)).first() is not None:
        return None  # a repeat of an event we already have
    now = clock.now()
    thread = db.exec(
        select(MessageThread)
        .where(
            MessageThread.patient_id == patient.id,
            MessageThread.referral_id == referral.id,
            col(MessageThread.status) != "closed",
        )
        .order_by(col(MessageThread.last_activity_at).desc())
    ).first()
    if thread is None:
        thread = MessageThread(patient_id=patient.id, topic="referral", referral_id=referral.id, created_at=now)
        db.add(thread)
        db.flush()
    message = Message(
        thread_id=thread.id,
        author_kind="clinician",
        author_name=author_name,
        text=text,
        hub_message_id=message_id,
        created_at=_occurred_at(event),
    )
    thread.status = "waiting"
    thread.due_by = None
    thread.last_staff_message_at = now
    thread.last_activity_at = now
    db.add_all([thread, message])
    db.flush()
    return message
