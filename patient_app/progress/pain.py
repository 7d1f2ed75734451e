"""Pain scores: recording them, treatment points, and comparisons with the baseline.

Baseline: the self-referral's answer on the same scale, or the first score
recorded. "Before treatment" is a score marked so (by the patient or a
clinician), else the baseline. "After treatment" is a score marked so, else,
once the hub reports a discharge, the first score on or after it (or, if none
yet, the last one before it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.progress import pain_bundle, patient_details
from patient_app.models import PainEntry, Patient
from patient_app.progress.change import Change, pain_change
from patient_app.progress.episode import Episode

SCALES = {"vas": 100, "nrs": 10}
POINTS = ("before", "after")


class InvalidScore(ValueError):
    pass


def record_pain(db: Session, *, patient: Patient, scale: str, score: int, recorded_at: datetime) -> PainEntry:
    """Store a score and its outbox event together, or neither."""
    if scale not in SCALES or isinstance(score, bool) or not 0 <= score <= SCALES[scale]:
        raise InvalidScore(f"{score!r} is not a {scale} score")
    if recorded_at > clock.now():
        raise InvalidScore("a pain score cannot be recorded in the future")
    pain = PainEntry(patient_id=patient.id, scale=scale, score=score, recorded_at=recorded_at, created_at=clock.now())
    db.add(pain)
    _send(db, patient, pain)
    db.commit()
    return pain


def _send(db: Session, patient: Patient, pain: PainEntry) -> None:
    outbox.enqueue(
        db,
        event_type="observation.recorded",
        aggregate_type="pain_entry",
        aggregate_id=str(pain.id),
        bundle=pain_bundle(patient_details(patient), pain),
        patient_id=patient.id,
    )


def entries(db: Session, *, patient_id: uuid.UUID) -> list[PainEntry]:
    statement = select(PainEntry).where(PainEntry.patient_id == patient_id).order_by(col(PainEntry.recorded_at))
    return list(db.exec(statement))


def latest(db: Session, *, patient_id: uuid.UUID) -> PainEntry | None:
    statement = select(PainEntry).where(PainEntry.patient_id == patient_id).order_by(col(PainEntry.recorded_at).desc())
    return db.exec(statement).first()


def find_entry(db: Session, *, patient_id: uuid.UUID, entry_id: uuid.UUID) -> PainEntry | None:
    """Scoped to the patient: someone else's entry is simply not found."""
    return db.exec(select(PainEntry).where(PainEntry.id == entry_id, PainEntry.patient_id == patient_id)).first()


def mark_treatment_point(
    db: Session, *, patient: Patient, pain: PainEntry, point: str | None, marked_by: str
) -> PainEntry:
    """One score per patient is "before" and one "after": marking another moves the mark.

    The hub hears about the marked score again, with the mark in its note.
    """
    if point is not None and point not in POINTS:
        raise ValueError(f"unknown treatment point {point!r}")
    if point is not None:
        for other in db.exec(
            select(PainEntry).where(PainEntry.patient_id == pain.patient_id, PainEntry.treatment_point == point)
        ):
            other.treatment_point, other.marked_by = None, None
            db.add(other)
    pain.treatment_point = point
    pain.marked_by = marked_by if point else None
    db.add(pain)
    if point is not None:
        _send(db, patient, pain)
    return pain


@dataclass(frozen=True)
class Score:
    scale: str
    value: int
    at: datetime
    source: str  # referral | first | marked | discharge | latest


@dataclass(frozen=True)
class Comparison:
    start: Score
    end: Score
    change: Change


def _marked(pains: list[PainEntry], point: str) -> PainEntry | None:
    return next((p for p in reversed(pains) if p.treatment_point == point), None)


def _as_score(pain: PainEntry, source: str) -> Score:
    return Score(scale=pain.scale, value=pain.score, at=pain.recorded_at, source=source)


def baseline(pains: list[PainEntry], episode: Episode, scale: str) -> Score | None:
    referral = episode.baseline
    if referral is not None and referral.pain(scale) is not None:
        return Score(scale=scale, value=referral.pain(scale) or 0, at=referral.submitted_at, source="referral")
    first = next((p for p in pains if p.scale == scale), None)
    return _as_score(first, "first") if first else None


def before_treatment(pains: list[PainEntry], episode: Episode, scale: str) -> Score | None:
    marked = _marked(pains, "before")
    if marked is not None:
        return _as_score(marked, "marked")
    return baseline(pains, episode, scale)


def after_treatment(pains: list[PainEntry], episode: Episode) -> Score | None:
    marked = _marked(pains, "after")
    if marked is not None:
        return _as_score(marked, "marked")
    if episode.discharged_at is None:
        return None
    following = next((p for p in pains if p.recorded_at >= episode.discharged_at), None)
    if following is not None:
        return _as_score(following, "discharge")
    preceding = [p for p in pains if p.recorded_at < episode.discharged_at]
    return _as_score(preceding[-1], "discharge") if preceding else None


def _compare(start: Score | None, end: Score | None) -> Comparison | None:
    if start is None or end is None or start.scale != end.scale or end.at <= start.at:
        return None
    return Comparison(start=start, end=end, change=pain_change(end.scale, start.value, end.value))


def since_start(pains: list[PainEntry], episode: Episode) -> Comparison | None:
    """The latest score against the baseline on the same scale."""
    if not pains:
        return None
    latest = _as_score(pains[-1], "latest")
    return _compare(baseline(pains, episode, latest.scale), latest)


def treatment_result(pains: list[PainEntry], episode: Episode) -> Comparison | None:
    """Before treatment against after treatment, once there is an after."""
    after = after_treatment(pains, episode)
    if after is None:
        return None
    return _compare(before_treatment(pains, episode, after.scale), after)
