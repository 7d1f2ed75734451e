"""Goals in the patient's own words, their check-ins, and suggestions from the referral's PSFS."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.progress import goal_bundle, patient_details
from patient_app.models import Goal, GoalCheckIn, Patient
from patient_app.progress.episode import Episode

# Enough for what matters most; more and none gets attention (and the chart stays readable).
ACTIVE_LIMIT = 5
IMPORTANCE = ("very", "quite", "little")
STATUSES = ("active", "achieved", "not-relevant")


class GoalProblem(ValueError):
    pass


class TooManyGoals(GoalProblem):
    pass


def goals(db: Session, *, patient_id: uuid.UUID) -> list[Goal]:
    statement = select(Goal).where(Goal.patient_id == patient_id).order_by(col(Goal.created_at))
    return list(db.exec(statement))


def active_count(db: Session, *, patient_id: uuid.UUID) -> int:
    return sum(1 for goal in goals(db, patient_id=patient_id) if goal.status == "active")


def find_goal(db: Session, *, patient_id: uuid.UUID, goal_id: uuid.UUID) -> Goal | None:
    """Scoped to the patient: someone else's goal is simply not found."""
    return db.exec(select(Goal).where(Goal.id == goal_id, Goal.patient_id == patient_id)).first()


def check_ins(db: Session, *, goal_id: uuid.UUID) -> list[GoalCheckIn]:
    statement = (
        select(GoalCheckIn)
        .where(GoalCheckIn.goal_id == goal_id)
        .order_by(col(GoalCheckIn.checked_on), col(GoalCheckIn.created_at))
    )
    return list(db.exec(statement))


def latest_check_ins(db: Session, *, patient_id: uuid.UUID) -> dict[uuid.UUID, GoalCheckIn]:
    statement = (
        select(GoalCheckIn)
        .where(GoalCheckIn.patient_id == patient_id)
        .order_by(col(GoalCheckIn.checked_on), col(GoalCheckIn.created_at))
    )
    return {check_in.goal_id: check_in for check_in in db.exec(statement)}


def _send(db: Session, patient: Patient, goal: Goal, latest: GoalCheckIn | None) -> None:
    outbox.enqueue(
        db,
        event_type="goal.changed",
        aggregate_type="goal",
        aggregate_id=str(goal.id),
        bundle=goal_bundle(patient_details(patient), goal, latest, changed_at=goal.updated_at),
        patient_id=patient.id,
    )


def set_goal(
    db: Session,
    *,
    patient: Patient,
    text: str,
    importance: str,
    target_date: date | None = None,
    from_activity: str | None = None,
) -> Goal:
    text = " ".join(text.split())
    if not text:
        raise GoalProblem("a goal needs words")
    if importance not in IMPORTANCE:
        raise GoalProblem(f"unknown importance {importance!r}")
    if active_count(db, patient_id=patient.id) >= ACTIVE_LIMIT:
        raise TooManyGoals(f"{ACTIVE_LIMIT} active goals already")
    now = clock.now()
    goal = Goal(
        patient_id=patient.id,
        text=text[:300],
        importance=importance,
        target_date=target_date,
        from_activity=from_activity,
        created_at=now,
        updated_at=now,
    )
    db.add(goal)
    _send(db, patient, goal, None)
    db.commit()
    return goal


def check_in(db: Session, *, patient: Patient, goal: Goal, score: int, note: str | None, on: date) -> GoalCheckIn:
    if goal.patient_id != patient.id:
        raise GoalProblem("not this patient's goal")
    if not 0 <= score <= 10:
        raise GoalProblem("a check-in is 0 to 10")
    if on > clock.london_today():
        raise GoalProblem("a check-in cannot be in the future")
    row = GoalCheckIn(
        goal_id=goal.id, patient_id=patient.id, score=score, note=note or None, checked_on=on, created_at=clock.now()
    )
    goal.updated_at = clock.now()
    db.add(row)
    db.add(goal)
    latest = check_ins(db, goal_id=goal.id)
    _send(db, patient, goal, max([*latest, row], key=lambda c: (c.checked_on, c.created_at)))
    db.commit()
    return row


def change_status(db: Session, *, patient: Patient, goal: Goal, status: str) -> Goal:
    if status not in STATUSES:
        raise GoalProblem(f"unknown status {status!r}")
    if status == goal.status:
        return goal
    if status == "active" and active_count(db, patient_id=patient.id) >= ACTIVE_LIMIT:
        raise TooManyGoals(f"{ACTIVE_LIMIT} active goals already")
    goal.status = status
    goal.updated_at = clock.now()
    goal.closed_at = None if status == "active" else goal.updated_at
    db.add(goal)
    history = check_ins(db, goal_id=goal.id)
    _send(db, patient, goal, history[-1] if history else None)
    db.commit()
    return goal


@dataclass(frozen=True)
class Suggestion:
    index: int
    activity: str


def suggestions(all_goals: list[Goal], episode: Episode) -> list[Suggestion]:
    """The activities named at referral, less those already turned into goals."""
    if episode.baseline is None:
        return []
    used = {goal.from_activity for goal in all_goals if goal.from_activity}
    return [
        Suggestion(index=index, activity=activity)
        for index, (activity, _score) in enumerate(episode.baseline.psfs)
        if activity not in used
    ]
