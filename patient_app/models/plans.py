"""A patient's exercise plan and what they log against it."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class PatientPlan(SQLModel, table=True):
    """The plan a patient follows: a template from content/plans at a stage, or a clinician's own choice.

    A patient has at most one active plan; replaced plans stay (inactive) so
    their logs keep their meaning.
    """

    __tablename__ = "patient_plan"

    id: uuid.UUID = id_field()
    patient_id: uuid.UUID = fk("patient.id")
    template_id: str = Field(max_length=60)
    stage_id: str = Field(max_length=60)
    # The pain a stage starts with is the baseline for "pain has risen" (plan progression).
    stage_started_at: datetime = created_field()
    # A clinician's chosen exercises with dosage: [{"exercise", "sets", "reps", "hold_seconds",
    # "per_day", "per_week"}]. None means the template stage's exercises.
    exercises: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    note: str | None = Field(default=None, max_length=1000)
    assigned_by: str = Field(max_length=20)  # referral | clinician
    assigned_by_staff_id: uuid.UUID | None = fk("staff_member.id", nullable=True)
    referral_id: uuid.UUID | None = fk("referral.id", nullable=True)
    assigned_at: datetime = created_field()
    active: bool = Field(default=True, index=True)
    ended_at: datetime | None = time_field()


class ExerciseLog(SQLModel, table=True):
    """One exercise on one day: did it, how much it hurt, how hard it felt. Logging again that day replaces it."""

    __tablename__ = "exercise_log"
    __table_args__ = (
        UniqueConstraint("plan_id", "exercise_id", "logged_on", name="uq_exercise_log_day"),
        # The form refuses these too; the database is the last line.
        CheckConstraint("pain_during IS NULL OR (pain_during >= 0 AND pain_during <= 10)", name="ck_exercise_log_pain"),
        CheckConstraint("outcome IN ('done', 'partly', 'not-today')", name="ck_exercise_log_outcome"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty IN ('too-easy', 'about-right', 'too-hard')",
            name="ck_exercise_log_difficulty",
        ),
    )

    id: uuid.UUID = id_field()
    plan_id: uuid.UUID = fk("patient_plan.id")
    patient_id: uuid.UUID = fk("patient.id")
    exercise_id: str = Field(max_length=60)
    stage_id: str = Field(max_length=60)
    logged_on: date = Field(index=True)  # the patient's day (Europe/London)
    outcome: str = Field(max_length=12)
    pain_during: int | None = Field(default=None)
    difficulty: str | None = Field(default=None, max_length=12)
    logged_at: datetime = created_field()
