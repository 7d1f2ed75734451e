"""Gentle check-in reminders: one in-app banner, never more often than the patient chose.

A reminder is due when the patient is tracking something (an active goal or a
pain score), has not checked in for `days`, and has not put a reminder away in
the last `days` either. 0 days means no reminders.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from patient_app.clock import LONDON
from patient_app.models import Goal, GoalCheckIn, PainEntry, ProgressPreferences, PsfsRating

CHOICES = (3, 7, 14, 28, 0)


@dataclass(frozen=True)
class Reminder:
    days_since: int | None  # None: nothing recorded yet, only goals set


def preferences(db: Session, *, patient_id: uuid.UUID) -> ProgressPreferences:
    """The stored preferences, or unsaved defaults."""
    return db.get(ProgressPreferences, patient_id) or ProgressPreferences(patient_id=patient_id)


def frequency(prefs: ProgressPreferences, default_days: int) -> int:
    return default_days if prefs.reminder_days is None else prefs.reminder_days


def last_check_in(db: Session, *, patient_id: uuid.UUID) -> datetime | None:
    latest = [
        db.exec(select(func.max(PainEntry.created_at)).where(PainEntry.patient_id == patient_id)).one(),
        db.exec(select(func.max(GoalCheckIn.created_at)).where(GoalCheckIn.patient_id == patient_id)).one(),
        db.exec(select(func.max(PsfsRating.rated_at)).where(PsfsRating.patient_id == patient_id)).one(),
    ]
    found = [moment for moment in latest if moment is not None]
    return max(found) if found else None


def due(db: Session, *, patient_id: uuid.UUID, today: date, default_days: int) -> Reminder | None:
    prefs = preferences(db, patient_id=patient_id)
    days = frequency(prefs, default_days)
    if days <= 0:
        return None
    if prefs.reminder_dismissed_on is not None and (today - prefs.reminder_dismissed_on).days < days:
        return None
    last = last_check_in(db, patient_id=patient_id)
    if last is None:
        has_goal = db.exec(select(Goal.id).where(Goal.patient_id == patient_id, Goal.status == "active")).first()
        return Reminder(days_since=None) if has_goal else None
    since = (today - last.astimezone(LONDON).date()).days
    return Reminder(days_since=since) if since >= days else None


def dismiss(db: Session, *, patient_id: uuid.UUID, today: date) -> None:
    prefs = preferences(db, patient_id=patient_id)
    prefs.reminder_dismissed_on = today
    db.add(prefs)
    db.commit()


def set_frequency(db: Session, *, patient_id: uuid.UUID, days: int) -> None:
    if days not in CHOICES:
        raise ValueError(f"unsupported reminder frequency {days}")
    prefs = preferences(db, patient_id=patient_id)
    prefs.reminder_days = days
    db.add(prefs)
    db.commit()
