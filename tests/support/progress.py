"""Test data for the progress journey: referrals with baseline scores, discharges, scores."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from patient_app import clock
from patient_app.models import PainEntry, Patient, Referral, ReferralEvent

_references = itertools.count(1)


def make_referral(
    db: Session,
    patient: Patient,
    *,
    submitted_at: datetime | None = None,
    pain_nrs: int | None = 7,
    pain_vas: int | None = 70,
    psfs: list[dict[str, Any]] | None = None,
) -> Referral:
    """A submitted self-referral, as the referral journey leaves it (the contract in the brief)."""
    scores: dict[str, Any] = {"pain_worst_nrs": 9}
    if pain_nrs is not None:
        scores["pain_nrs"] = pain_nrs
    if pain_vas is not None:
        scores["pain_vas"] = pain_vas
    scores["psfs"] = (
        psfs
        if psfs is not None
        else [{"activity": "Climbing stairs", "score": 3}, {"activity": "Walking to the shops", "score": 4}]
    )
    referral = Referral(
        reference=f"TEST{next(_references):06d}",
        patient_id=patient.id,
        draft_id=uuid.uuid4(),
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth.isoformat(),
        postcode=patient.postcode,
        gp_practice_code=patient.gp_practice_code,
        body_area="knee",
        scores=scores,
        disposition="routine-msk",
        priority="routine",
        ruleset_version="test",
        submitted_at=submitted_at or clock.now() - timedelta(days=30),
    )
    db.add(referral)
    db.commit()
    return referral


def discharge(db: Session, referral: Referral, *, at: datetime | None = None) -> ReferralEvent:
    event = ReferralEvent(
        referral_id=referral.id, event_type="referral.discharged", occurred_at=at or clock.now(), detail={}
    )
    db.add(event)
    db.commit()
    return event


def add_pain(db: Session, patient: Patient, score: int, *, scale: str = "vas", at: datetime | None = None) -> PainEntry:
    """Straight into the table (no outbox event): for building history quickly."""
    moment = at or clock.now()
    entry = PainEntry(patient_id=patient.id, scale=scale, score=score, recorded_at=moment, created_at=moment)
    db.add(entry)
    db.commit()
    return entry
