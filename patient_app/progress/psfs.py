"""PSFS (Stratford 1995): the activities the patient named at referral, re-rated 0–10 over time."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.progress import patient_details, psfs_bundle
from patient_app.models import Patient, PsfsRating
from patient_app.progress.change import Change, activity_change, psfs_change
from patient_app.progress.episode import Episode


@dataclass(frozen=True)
class Occasion:
    at: datetime
    scores: tuple[tuple[str, int], ...]
    source: str  # referral | rating

    @property
    def mean(self) -> float:
        return sum(score for _a, score in self.scores) / len(self.scores)


def occasions(db: Session, *, patient_id: uuid.UUID) -> list[Occasion]:
    statement = (
        select(PsfsRating)
        .where(PsfsRating.patient_id == patient_id)
        .order_by(col(PsfsRating.rated_at), col(PsfsRating.position))
    )
    grouped: OrderedDict[uuid.UUID, list[PsfsRating]] = OrderedDict()
    for rating in db.exec(statement):
        grouped.setdefault(rating.occasion_id, []).append(rating)
    return [
        Occasion(at=rows[0].rated_at, scores=tuple((r.activity, r.score) for r in rows), source="rating")
        for rows in grouped.values()
    ]


def activities(episode: Episode, rated: list[Occasion]) -> list[str]:
    """The referral's activities; without a referral, those of the first rating."""
    if episode.baseline is not None and episode.baseline.psfs:
        return [activity for activity, _score in episode.baseline.psfs]
    return [activity for activity, _score in rated[0].scores] if rated else []


def rate(db: Session, *, patient: Patient, scores: list[tuple[str, int]]) -> list[PsfsRating]:
    if not scores or any(not 0 <= score <= 10 for _a, score in scores):
        raise ValueError("PSFS scores are 0 to 10, at least one")
    occasion, now = uuid.uuid4(), clock.now()
    rows = [
        PsfsRating(patient_id=patient.id, occasion_id=occasion, position=i, activity=a, score=s, rated_at=now)
        for i, (a, s) in enumerate(scores)
    ]
    db.add_all(rows)
    outbox.enqueue(
        db,
        event_type="observation.recorded",
        aggregate_type="psfs",
        aggregate_id=str(occasion),
        bundle=psfs_bundle(patient_details(patient), rows),
        patient_id=patient.id,
    )
    db.commit()
    return rows


def with_baseline(episode: Episode, rated: list[Occasion]) -> list[Occasion]:
    """Every occasion in time order, the referral's answers first when there are any."""
    found = list(rated)
    if episode.baseline is not None and episode.baseline.psfs:
        found.insert(0, Occasion(at=episode.baseline.submitted_at, scores=episode.baseline.psfs, source="referral"))
    return sorted(found, key=lambda o: o.at)


@dataclass(frozen=True)
class ActivityResult:
    activity: str
    start: int
    end: int
    change: Change


@dataclass(frozen=True)
class PsfsResult:
    start: Occasion
    end: Occasion
    change: Change
    activities: tuple[ActivityResult, ...]


def compare(all_occasions: list[Occasion]) -> PsfsResult | None:
    """The first occasion against the latest, over the activities both rated."""
    if len(all_occasions) < 2:
        return None
    start, end = all_occasions[0], all_occasions[-1]
    before = dict(start.scores)
    shared = [(activity, before[activity], score) for activity, score in end.scores if activity in before]
    if not shared:
        return None
    return PsfsResult(
        start=start,
        end=end,
        change=psfs_change([s for _a, s, _e in shared], [e for _a, _s, e in shared]),
        activities=tuple(ActivityResult(a, s, e, activity_change(s, e)) for a, s, e in shared),
    )
