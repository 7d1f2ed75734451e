"""Conversations between a patient and the care navigation team.

A thread's `status` says whose turn it is: `open` (the team owes a reply, due
by `due_by`), `waiting` (the team replied; waiting on the patient) or `closed`.
The inbox filters read these columns directly, so each filter has an index.
"""

import uuid
from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class MessageThread(SQLModel, table=True):
    __tablename__ = "message_thread"
    __table_args__ = (
        Index("ix_message_thread_patient_activity", "patient_id", "last_activity_at"),
        Index("ix_message_thread_status_due", "status", "urgent", "due_by"),
        Index("ix_message_thread_assigned_status", "assigned_to_id", "status", "due_by"),
        Index("ix_message_thread_escalated_status", "escalated", "status", "due_by"),
        Index("ix_message_thread_referral", "referral_id", "status"),
    )

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id", index=False)
    topic: str = Field(max_length=20)  # referral | exercises | green-card | other
    # The referral a "my referral" thread (or a hub clinician's message) is about.
    referral_id: uuid.UUID | None = Field(default=None, foreign_key="referral.id", nullable=True)
    status: str = Field(default="open", max_length=10)  # open | waiting | closed
    assigned_to_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", nullable=True)
    escalated: bool = False
    escalation_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    escalated_at: datetime | None = time_field()
    escalated_by_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", nullable=True)
    urgent: bool = False
    # Why it is urgent, for staff: which red-flag phrases the patient's words matched.
    urgent_reason: str | None = Field(default=None, max_length=300)
    # The service promise for the patient's oldest unanswered message; None when nothing is owed.
    due_by: datetime | None = time_field()
    last_activity_at: datetime = created_field()
    last_staff_message_at: datetime | None = time_field()
    patient_read_at: datetime | None = time_field()
    staff_read_at: datetime | None = time_field()
    created_at: datetime = created_field()
    closed_at: datetime | None = time_field()


class Message(SQLModel, table=True):
    __table_args__ = (Index("ix_message_thread_id_created", "thread_id", "created_at"),)

    id: uuid.UUID = id_field()
    thread_id: uuid.UUID = fk("message_thread.id", index=False)
    author_kind: str = Field(max_length=10)  # patient | navigator | clinician | hub
    author_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", nullable=True)
    # The name shown: a staff member's, or the hub clinician's as the hub sent it.
    author_name: str | None = Field(default=None, max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    red_flags: str | None = Field(default=None, max_length=300)
    # The hub's message id, so a repeated hub event adds nothing.
    hub_message_id: str | None = Field(default=None, max_length=100, unique=True)
    created_at: datetime = created_field()


class MessageNote(SQLModel, table=True):
    """An internal note on a thread: staff only, never shown to the patient or sent to the hub."""

    __tablename__ = "message_note"

    id: uuid.UUID = id_field()
    thread_id: uuid.UUID = fk("message_thread.id")
    staff_id: uuid.UUID = fk("staff_member.id", index=False)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = created_field()


class CannedReply(SQLModel, table=True):
    """A reply admins write once; placeholders such as {first_name} are filled in per patient."""

    __tablename__ = "canned_reply"

    id: uuid.UUID = id_field()
    title: str = Field(max_length=100)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
