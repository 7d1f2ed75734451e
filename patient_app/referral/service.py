"""Submitting a self-referral and recording red flags. No Flask here.

The referral, its timeline entry and its outbox event are committed in one
transaction before the patient is told it was sent. Submitting the same draft
again (back button, double tap, retry) finds the referral already made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from patient_app import audit, clock, codes
from patient_app.hooks import run_referral_hooks
from patient_app.hub import outbox
from patient_app.hub.fhir.common import PatientDetails
from patient_app.hub.fhir.referral import red_flag_bundle, referral_bundle
from patient_app.models import Draft, Patient, RedFlagAlert, Referral, ReferralEvent
from patient_app.questionnaires import flow, instruments
from patient_app.questionnaires.definition import Questionnaire
from patient_app.triage import engine
from patient_app.triage.rules import RuleSet

# The referral's body area, in the content's terms (leaflets, exercises, plans).
CONTENT_AREAS = {"upper-back": "back", "lower-back": "back"}


class NotReady(Exception):
    """The draft is not complete, or an early rule (red flag, redirect) applies."""


@dataclass(frozen=True)
class Context:
    questionnaire: Questionnaire
    rules: RuleSet
    strings_path: str
    min_age: int

    def facts(self, answers: dict[str, Any]) -> dict[str, Any]:
        return engine.derive_facts(answers, today=clock.london_today(), min_age=self.min_age)


def scores(answers: dict[str, Any], strings_path: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "pain_nrs": answers.get("pain-now"),
        "pain_worst_nrs": answers.get("pain-worst"),
        "pain_vas": answers.get("pain-vas"),
        "psfs": answers.get("psfs", []),
    }
    for instrument_id in ("start-back", "msk-hq"):
        responses = answers.get(instrument_id)
        if isinstance(responses, dict):
            scored = instruments.SCORERS[instrument_id]({int(k): v for k, v in responses.items()})
            result[instrument_id] = dict(vars(scored))
        elif not instruments.available(instrument_id, strings_path):
            result[instrument_id] = {"unavailable": True}
    return result


def prefill(patient: Patient) -> dict[str, Any]:
    """A signed-in patient's known details, so they are not asked again (they can change them)."""
    return {
        "date-of-birth": patient.date_of_birth.isoformat(),
        "gp-practice": patient.gp_practice_code,
        "name": {"given": patient.given_name, "family": patient.family_name},
        "postcode": patient.postcode,
        "email": patient.email,
        "nhs-number": patient.nhs_number or "",
        **({"phone": patient.mobile} if patient.mobile else {}),
    }


# --- Red flags ------------------------------------------------------------------


def record_red_flag(
    db: Session, *, draft: Draft, outcome: engine.Outcome, answers: dict[str, Any], patient: Patient | None
) -> RedFlagAlert:
    """Record the alert and queue it for the hub at urgent priority (once per draft and flag)."""
    rule = outcome.reasons[0]
    existing = db.exec(
        select(RedFlagAlert).where(RedFlagAlert.draft_id == draft.id, RedFlagAlert.flag == rule.rule)
    ).first()
    if existing is not None:
        return existing
    question = next((key.split(":", 1)[1] for key in rule.evidence if key.startswith("answer:")), "")
    alert = RedFlagAlert(
        draft_id=draft.id,
        patient_id=patient.id if patient else None,
        flag=rule.rule,
        answer=str(answers.get(question, "")),
        advice=outcome.advice or "",
        ruleset_version=outcome.ruleset_version,
        context={"question": question},
        created_at=clock.now(),
    )
    db.add(alert)
    details = None
    if patient is not None:
        details = PatientDetails(
            key=str(patient.id),
            given_name=patient.given_name,
            family_name=patient.family_name,
            birth_date=patient.date_of_birth.isoformat(),
            postcode=patient.postcode,
            gp_practice_code=patient.gp_practice_code,
            nhs_number=patient.nhs_number,
            email=patient.email,
            mobile=patient.mobile,
        )
    outbox.enqueue(
        db,
        event_type="red_flag.alert",
        aggregate_type="red_flag_alert",
        aggregate_id=str(alert.id),
        bundle=red_flag_bundle(alert, patient=details, description=rule.description),
        patient_id=alert.patient_id,
        priority=outbox.URGENT,
    )
    audit.record(db, action="referral.red_flag", patient_id=alert.patient_id, subject=rule.rule, advice=alert.advice)
    db.commit()
    return alert


# --- Submitting -----------------------------------------------------------------


def submit(db: Session, *, draft: Draft, context: Context, patient: Patient | None) -> Referral:
    if draft.submitted_at is not None and draft.result_id:
        existing = db.get(Referral, uuid.UUID(draft.result_id))
        if existing is not None:
            return existing
    answers = flow.current_answers(context.questionnaire, draft.answers, strings_path=context.strings_path)
    if not flow.complete(context.questionnaire, answers, strings_path=context.strings_path):
        raise NotReady("the questionnaire is not complete")
    facts = context.facts(answers)
    if engine.early_outcome(context.rules, answers, facts=facts) is not None:
        # Defence in depth: the pages stop at a red flag or redirect, but a
        # red flag must never be able to end in a routine referral.
        raise NotReady("a red flag or redirect applies")
    results = scores(answers, context.strings_path)
    outcome = engine.triage(context.rules, answers, facts=facts, scores=results)
    referral = _new_referral(draft, answers, results, outcome, patient)
    try:
        db.add(referral)
        db.flush()
        db.add(
            ReferralEvent(
                referral_id=referral.id,
                event_type="referral.submitted",
                occurred_at=referral.submitted_at,
                detail={"disposition": outcome.disposition},
            )
        )
        outbox.enqueue(
            db,
            event_type="referral.submitted",
            aggregate_type="referral",
            aggregate_id=str(referral.id),
            bundle=referral_bundle(referral, context.questionnaire, services=context.rules.services),
            patient_id=referral.patient_id,
            priority=outbox.URGENT if outcome.disposition == "urgent-msk" else outbox.NORMAL,
        )
        run_referral_hooks(db, referral)
        draft.submitted_at = referral.submitted_at
        draft.result_id = str(referral.id)
        db.add(draft)
        audit.record(
            db,
            action="referral.submitted",
            patient_id=referral.patient_id,
            subject=referral.reference,
            disposition=outcome.disposition,
        )
        db.commit()
    except IntegrityError:
        existing = the_other_submit(db, draft)
        if existing is None:
            raise
        return existing
    return referral


def the_other_submit(db: Session, draft: Draft) -> Referral | None:
    """Two submits of the same draft at once: the other one won (the draft id is unique); find it."""
    db.rollback()
    return db.exec(select(Referral).where(Referral.draft_id == draft.id)).first()


def _new_referral(
    draft: Draft, answers: dict[str, Any], results: dict[str, Any], outcome: engine.Outcome, patient: Patient | None
) -> Referral:
    name = answers["name"]
    area = answers["body-area"]
    return Referral(
        reference=codes.new_code(),
        patient_id=patient.id if patient else None,
        draft_id=draft.id,
        given_name=name["given"],
        family_name=name["family"],
        date_of_birth=date.fromisoformat(answers["date-of-birth"]).isoformat(),
        email=answers.get("email") or None,
        mobile=answers.get("phone") or None,
        postcode=answers["postcode"],
        gp_practice_code=answers["gp-practice"],
        nhs_number=answers.get("nhs-number") or None,
        body_area=CONTENT_AREAS.get(area, area),
        side=answers.get("side"),
        answers=answers,
        scores=results,
        disposition=outcome.disposition,
        service=outcome.service,
        priority=outcome.priority,
        triage_reasons=[reason.as_dict() for reason in outcome.reasons],
        ruleset_version=outcome.ruleset_version,
        submitted_at=clock.now(),
    )


def attach_to_account(db: Session, *, referral: Referral, patient: Patient) -> bool:
    """A guest's referral joins the account they create or sign in to, in the same browser."""
    if referral.patient_id is not None:
        return referral.patient_id == patient.id
    referral.patient_id = patient.id
    db.add(referral)
    # Now that the referral has a patient, what follows a referral (an exercise
    # plan) can happen for them too; the hooks are idempotent.
    run_referral_hooks(db, referral)
    audit.record(db, action="referral.attached_to_account", patient_id=patient.id, subject=referral.reference)
    db.commit()
    return True
