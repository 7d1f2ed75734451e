"""Referrals and plans for the plan tests, built as the referral journey and the app would."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from sqlmodel import Session

from patient_app import clock
from patient_app.content.library import library
from patient_app.hooks import run_referral_hooks
from patient_app.models import Patient, PatientPlan, Referral
from patient_app.plans import logs

_references = itertools.count(1)


def make_referral(
    db: Session, patient: Patient | None, *, body_area: str = "back", disposition: str = "routine-msk"
) -> Referral:
    """A submitted referral with the fields the lead's journey fills in (not yet committed)."""
    referral = Referral(
        reference=f"TEST{next(_references):06d}",
        patient_id=patient.id if patient else None,
        draft_id=uuid.uuid4(),
        given_name=patient.given_name if patient else "Guest",
        family_name=patient.family_name if patient else "Person",
        date_of_birth="1980-01-15",
        postcode="LS1 4AP",
        gp_practice_code="Y90001",
        body_area=body_area,
        disposition=disposition,
        priority="routine",
        ruleset_version="test",
        answers={"body_area": body_area},
    )
    db.add(referral)
    return referral


def submit_referral(app, db: Session, patient: Patient | None, **kwargs: str) -> Referral:  # type: ignore[no-untyped-def]
    """Submit a referral as the journey will: the hooks run in its transaction, then it commits."""
    referral = make_referral(db, patient, **kwargs)
    with app.app_context():
        run_referral_hooks(db, referral)
    db.commit()
    return referral


def make_plan(db: Session, patient: Patient, *, template_id: str = "low-back-pain", stage: int = 0) -> PatientPlan:
    plan = PatientPlan(
        patient_id=patient.id,
        template_id=template_id,
        stage_id=library().plans[template_id].stages[stage].id,
        assigned_by="referral",
        stage_started_at=clock.now(),
        assigned_at=clock.now(),
    )
    db.add(plan)
    db.commit()
    return plan


def log(
    db: Session,
    plan: PatientPlan,
    exercise_id: str,
    day: date,
    *,
    outcome: str = "done",
    pain: int | None = 2,
    difficulty: str | None = "about-right",
) -> None:
    logs.record(db, plan=plan, exercise_id=exercise_id, entry=logs.LogEntry(outcome, pain, difficulty), day=day)
    db.commit()
