"""The append-only audit log.

Rows are only ever inserted; the migration adds database triggers that refuse
UPDATE and DELETE, and the ORM refuses them too (patient_app/audit.py).
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_field()
    actor_type: str = Field(max_length=20, index=True)  # patient | staff | system | anonymous
    actor_id: str | None = Field(default=None, max_length=64, index=True)
    action: str = Field(max_length=60, index=True)
    patient_id: uuid.UUID | None = Field(default=None, index=True)
    subject: str | None = Field(default=None, max_length=120)
    ip_address: str | None = Field(default=None, max_length=45)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
