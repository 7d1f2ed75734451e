"""The patient's quick log: one row per exercise per day, which a second log that day replaces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.models import ExerciseLog, PatientPlan

OUTCOMES = ("done", "partly", "not-today")
DIFFICULTIES = ("too-easy", "about-right", "too-hard")


class InvalidLog(ValueError):
    pass


@dataclass(frozen=True)
class LogEntry:
    outcome: str
    pain_during: int | None
    difficulty: str | None

    def checked(self) -> LogEntry:
        """The entry as stored: refuses values out of range; "not today" keeps no pain or difficulty."""
        if self.outcome not in OUTCOMES:
            raise InvalidLog(f"unknown outcome {self.outcome!r}")
        if self.outcome == "not-today":
            return LogEntry("not-today", None, None)
        if self.pain_during is None or not 0 <= self.pain_during <= 10:
            raise InvalidLog("pain during must be from 0 to 10")
        if self.difficulty not in DIFFICULTIES:
            raise InvalidLog(f"unknown difficulty {self.difficulty!r}")
        return self


def record(
    db: Session, *, plan: PatientPlan, exercise_id: str, entry: LogEntry, day: date | None = None
) -> ExerciseLog:
    entry = entry.checked()
    day = day or clock.london_today()
    row = db.exec(
        select(ExerciseLog).where(
            ExerciseLog.plan_id == plan.id, ExerciseLog.exercise_id == exercise_id, ExerciseLog.logged_on == day
        )
    ).first()
    if row is None:
        row = ExerciseLog(
            plan_id=plan.id,
            patient_id=plan.patient_id,
            exercise_id=exercise_id,
            stage_id=plan.stage_id,
            logged_on=day,
            outcome=entry.outcome,
        )
    row.stage_id = plan.stage_id
    row.outcome, row.pain_during, row.difficulty = entry.outcome, entry.pain_during, entry.difficulty
    row.logged_at = clock.now()
    db.add(row)
    return row


def logs_for(db: Session, *, plan: PatientPlan) -> list[ExerciseLog]:
    """Every log on the plan, oldest first."""
    statement = (
        select(ExerciseLog)
        .where(ExerciseLog.plan_id == plan.id, ExerciseLog.patient_id == plan.patient_id)
        .order_by(col(ExerciseLog.logged_on), col(ExerciseLog.logged_at))
    )
    return list(db.exec(statement))
