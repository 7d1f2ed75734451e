"""Answers saved page by page, so nothing is lost when a phone locks."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class Draft(SQLModel, table=True):
    id: uuid.UUID = id_field()
    kind: str = Field(max_length=30, index=True)
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    # A guest resumes with a short code; only its hash is stored.
    resume_code_hash: str | None = Field(default=None, max_length=64, unique=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    expires_at: datetime = created_field()
    submitted_at: datetime | None = time_field()
    # What the submission created (a referral id, a patient id), for idempotent replays.
    result_id: str | None = Field(default=None, max_length=64)
