"""Goals, pain scores, PSFS ratings, outcome answers and feedback: the patient's record of progress."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class Goal(SQLModel, table=True):
    """A goal in the patient's own words."""

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id")
    text: str = Field(max_length=300)
    target_date: date | None = None
    importance: str = Field(max_length=10)  # very | quite | little
    status: str = Field(default="active", max_length=15)  # active | achieved | not-relevant
    # The PSFS activity it was suggested from, so the suggestion is not offered again.
    from_activity: str | None = Field(default=None, max_length=200)
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    closed_at: datetime | None = time_field()


class GoalCheckIn(SQLModel, table=True):
    """How close the patient feels to a goal, 0 (not started) to 10 (achieved)."""

    __tablename__ = "goal_check_in"

    id: uuid.UUID = id_field()
    goal_id: uuid.UUID = fk("goal.id")
    patient_id: uuid.UUID = fk("patient.id")
    score: int
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    checked_on: date
    created_at: datetime = created_field()


class PainEntry(SQLModel, table=True):
    """One pain score: VAS 0–100 or NRS 0–10, optionally marked before or after treatment."""

    __tablename__ = "pain_entry"
    __table_args__ = (Index("ix_pain_entry_patient_time", "patient_id", "recorded_at"),)

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id", index=False)
    scale: str = Field(max_length=3)  # vas | nrs
    score: int
    recorded_at: datetime = created_field()
    treatment_point: str | None = Field(default=None, max_length=6)  # before | after
    # Who set the treatment point: "patient" or "staff:<staff id>".
    marked_by: str | None = Field(default=None, max_length=60)
    created_at: datetime = created_field()


class PsfsRating(SQLModel, table=True):
    """One activity's PSFS score (0 unable … 10 as before); one `occasion_id` per sitting."""

    __tablename__ = "psfs_rating"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id")
    occasion_id: uuid.UUID = Field(index=True)
    position: int
    activity: str = Field(max_length=200)
    score: int
    rated_at: datetime = created_field()


class OutcomeSurvey(SQLModel, table=True):
    """The service's outcome questions (goals set, supported, achieved, what would have helped, activities)."""

    __tablename__ = "outcome_survey"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id")
    context: str = Field(max_length=10)  # discharge | request
    referral_id: uuid.UUID | None = Field(default=None, index=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    started_at: datetime = created_field()
    completed_at: datetime | None = time_field()


class FeedbackResponse(SQLModel, table=True):
    """A Friends and Family Test answer, with its context and the free-text reason."""

    __tablename__ = "feedback_response"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id")
    context: str = Field(max_length=10, index=True)  # discharge | message | service
    # The discharged referral's id or the message thread's id.
    context_id: str | None = Field(default=None, max_length=64)
    rating: str = Field(max_length=12)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = created_field()


class ProgressPreferences(SQLModel, table=True):
    """How often to remind the patient to check in, and when they last put a reminder away."""

    __tablename__ = "progress_preferences"

    patient_id: uuid.UUID = Field(foreign_key="patient.id", primary_key=True)
    # None: the service default (CHECKIN_REMINDER_DAYS); 0: never remind.
    reminder_days: int | None = None
    reminder_dismissed_on: date | None = None
    pain_scale: str = Field(default="vas", max_length=3)
