"""The transactional outbox, and the hub's inbound events we have already seen."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, id_field, time_field


class OutboxEvent(SQLModel, table=True):
    """Something the hub must hear about, written in the same transaction as the change.

    `bundle` is the FHIR transaction Bundle, built and validated when the event
    is written, so what is sent is exactly what was true at that moment.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (
        Index("ix_outbox_ready", "status", "priority", "next_attempt_at"),
        # Finds an older change to the same thing still waiting, so changes go out in order.
        Index("ix_outbox_aggregate_order", "aggregate_id", "aggregate_type", "status", "created_at"),
    )

    id: uuid.UUID = id_field()
    event_type: str = Field(max_length=40, index=True)
    aggregate_type: str = Field(max_length=30)
    aggregate_id: str = Field(max_length=64, index=True)
    patient_id: uuid.UUID | None = Field(default=None, index=True)
    # 0 goes first: red-flag alerts never queue behind routine events.
    priority: int = 5
    bundle: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = created_field()
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = time_field()
    last_error: str | None = Field(default=None, max_length=2000)
    created_at: datetime = created_field()
    delivered_at: datetime | None = time_field()


class InboundHubEvent(SQLModel, table=True):
    """An event the hub sent us, kept so a repeat delivery is acknowledged and ignored."""

    __tablename__ = "inbound_hub_event"

    id: str = Field(primary_key=True, max_length=100)
    event_type: str = Field(max_length=40)
    received_at: datetime = created_field()
    referral_id: uuid.UUID | None = Field(default=None, index=True)
