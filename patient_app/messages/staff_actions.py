"""What staff do to a thread: read, reply, note, assign, escalate, close and reopen.

Each change writes an audit row in its own transaction. A reply hands the turn
to the patient (status `waiting`, nothing owed); a patient's next message hands
it back. Replies from someone with the clinician role are marked as such.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from patient_app import audit, clock
from patient_app.access import Role
from patient_app.messages.threads import MAX_LENGTH, queue_for_hub
from patient_app.messages.working_days import reply_due_by
from patient_app.models import Message, MessageNote, MessageThread, Patient, StaffMember, StaffRole

NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


def author_kind(roles: frozenset[str]) -> str:
    return "clinician" if Role.CLINICIAN in roles else "navigator"


def mark_read(db: Session, *, thread: MessageThread) -> None:
    """Staff opened it: the patient sees "Read by the team at ..." for messages before now."""
    thread.staff_read_at = clock.now()
    db.add(thread)
    db.commit()


def reply(db: Session, *, thread: MessageThread, staff: StaffMember, roles: frozenset[str], text: str) -> Message:
    text = text.strip()
    if not text or len(text) > MAX_LENGTH:
        raise ValueError("a reply must have 1 to 1,000 characters")
    patient = db.get(Patient, thread.patient_id)
    if patient is None:
        raise LookupError("thread without a patient")
    now = clock.now()
    message = Message(
        thread_id=thread.id,
        author_kind=author_kind(roles),
        author_staff_id=staff.id,
        author_name=staff.name,
        text=text,
        created_at=now,
    )
    _hand_to_patient(thread, now)
    if thread.assigned_to_id is None:
        thread.assigned_to_id = staff.id
    db.add_all([thread, message])
    db.flush()
    queue_for_hub(db, message=message, thread=thread, patient=patient, urgent=False)
    audit.record(db, action="staff.replied_to_message", patient_id=thread.patient_id, subject=str(thread.id))
    db.commit()
    return message


def _hand_to_patient(thread: MessageThread, now: object) -> None:
    thread.status = "waiting"
    thread.due_by = None
    thread.closed_at = None
    thread.last_staff_message_at = now  # type: ignore[assignment]
    thread.last_activity_at = now  # type: ignore[assignment]


def add_note(db: Session, *, thread: MessageThread, staff: StaffMember, text: str) -> MessageNote:
    text = text.strip()
    if not text or len(text) > NOTE_MAX_LENGTH:
        raise ValueError("a note must have 1 to 2,000 characters")
    note = MessageNote(thread_id=thread.id, staff_id=staff.id, text=text, created_at=clock.now())
    db.add(note)
    audit.record(db, action="staff.noted_message_thread", patient_id=thread.patient_id, subject=str(thread.id))
    db.commit()
    return note


def notes(db: Session, *, thread_id: uuid.UUID) -> list[tuple[MessageNote, str]]:
    statement = (
        select(MessageNote, StaffMember.name)
        .join(StaffMember, col(StaffMember.id) == col(MessageNote.staff_id))
        .where(MessageNote.thread_id == thread_id)
        .order_by(col(MessageNote.created_at))
    )
    return [(note, name) for note, name in db.exec(statement)]


def assignable_staff(db: Session) -> list[StaffMember]:
    """Active navigators and clinicians: the people a thread can be given to."""
    statement = (
        select(StaffMember)
        .where(col(StaffMember.active).is_(True))
        .where(
            col(StaffMember.id).in_(
                select(StaffRole.staff_id).where(col(StaffRole.role).in_([Role.NAVIGATOR, Role.CLINICIAN]))
            )
        )
        .order_by(col(StaffMember.name))
    )
    return list(db.exec(statement))


def assign(db: Session, *, thread: MessageThread, to: StaffMember | None) -> None:
    thread.assigned_to_id = to.id if to else None
    db.add(thread)
    audit.record(
        db,
        action="staff.assigned_message_thread",
        patient_id=thread.patient_id,
        subject=str(thread.id),
        to=str(to.id) if to else "nobody",
    )
    db.commit()


def escalate(db: Session, *, thread: MessageThread, staff: StaffMember, reason: str, promise_days: int) -> None:
    """A clinician must answer: the thread is owed a reply again, whatever turn it was on.

    After a navigator's reply the thread waits on the patient; escalating it then
    must still put it in the clinicians' queue (which lists threads owing a
    reply), with the reply promise starting now unless one is already running.
    """
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise ValueError("a reason must have 1 to 500 characters")
    now = clock.now()
    thread.escalated = True
    thread.escalation_reason = reason
    thread.escalated_at = now
    thread.escalated_by_id = staff.id
    if thread.status != "open" or thread.due_by is None:
        thread.due_by = reply_due_by(now, working_days=promise_days)
    thread.status = "open"
    thread.closed_at = None
    thread.last_activity_at = now
    db.add(thread)
    audit.record(db, action="staff.escalated_message_thread", patient_id=thread.patient_id, subject=str(thread.id))
    db.commit()


def close(db: Session, *, thread: MessageThread) -> None:
    thread.status = "closed"
    thread.closed_at = clock.now()
    thread.due_by = None
    db.add(thread)
    audit.record(db, action="staff.closed_message_thread", patient_id=thread.patient_id, subject=str(thread.id))
    db.commit()


def reopen(db: Session, *, thread: MessageThread, promise_days: int) -> None:
    """Staff reopen a thread because something is still owed: the promise starts again now."""
    now = clock.now()
    thread.status = "open"
    thread.closed_at = None
    thread.due_by = reply_due_by(now, working_days=promise_days)
    thread.last_activity_at = now
    db.add(thread)
    audit.record(db, action="staff.reopened_message_thread", patient_id=thread.patient_id, subject=str(thread.id))
    db.commit()
