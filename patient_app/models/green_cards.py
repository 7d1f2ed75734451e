"""Green cards (patient-initiated follow-up): a way back to the service after discharge."""

import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class GreenCard(SQLModel, table=True):
    """Lets the patient come straight back for one condition until `valid_until` (a London date)."""

    __tablename__ = "green_card"

    id: uuid.UUID = id_field()
    # Read aloud and typed by the patient: 10 characters and a check character (codes.py).
    code: str = Field(max_length=16, unique=True, index=True)
    # Guests have no account: their details come from the original referral.
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    # The episode the card returns to: one card per referral.
    referral_id: uuid.UUID = Field(foreign_key="referral.id", unique=True, nullable=False)
    body_area: str = Field(max_length=20)
    side: str | None = Field(default=None, max_length=10)
    condition: str = Field(max_length=120)
    issued_on: date
    valid_until: date  # the last day it can be used, inclusive
    issued_by: str = Field(max_length=120)  # the clinician's name as the patient should see it
    issued_by_staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", nullable=True)
    note_for_patient: str = Field(default="", max_length=1000)
    status: str = Field(default="active", max_length=10, index=True)  # active | revoked
    revoked_at: datetime | None = time_field()
    revoked_by: uuid.UUID | None = Field(default=None, foreign_key="staff_member.id", nullable=True)
    revoke_reason: str | None = Field(default=None, max_length=500)
    reminder_sent_at: datetime | None = time_field()
    created_at: datetime = created_field()
