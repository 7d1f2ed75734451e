"""Sending a green card re-access request to the hub. No Flask here.

The request is a Referral of kind "re-access" linked to the card and to the
original referral. It, a line on the original referral's timeline and the
outbox event commit in one transaction; the same draft sent twice finds the
request already made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from patient_app import audit, clock, codes
from patient_app.greencard import cards
from patient_app.hub import outbox
from patient_app.hub.fhir.referral import referral_bundle
from patient_app.models import Draft, GreenCard, Referral, ReferralEvent
from patient_app.questionnaires import flow
from patient_app.questionnaires.definition import Questionnaire
from patient_app.referral.service import the_other_submit
from patient_app.triage import engine
from patient_app.triage.rules import RuleSet

KIND = "re-access"
RED_FLAG_STAGE = frozenset({"red-flag"})
# The card's own record of where it belongs, kept in the draft beside the answers.
CARD_KEY = "_green_card"


class NotReady(Exception):
    """Incomplete answers, a red flag, or a card that cannot be used today."""


@dataclass(frozen=True)
class Context:
    questionnaire: Questionnaire
    rules: RuleSet
    strings_path: str
    services: dict[str, str]
    priority: str
    target_days: int


def red_flag(context: Context, answers: dict[str, Any]) -> engine.Outcome | None:
    """Only the red-flag rules apply on return: eligibility was settled at the first referral."""
    return engine.evaluate(context.rules, answers, facts={}, scores={}, stages=RED_FLAG_STAGE)


def card_of(db: Session, draft: Draft) -> GreenCard | None:
    raw = draft.answers.get(CARD_KEY)
    try:
        return db.get(GreenCard, uuid.UUID(str(raw))) if raw else None
    except ValueError:
        return None


def submit(db: Session, *, draft: Draft, context: Context) -> Referral:
    if draft.submitted_at is not None and draft.result_id:
        existing = db.get(Referral, uuid.UUID(draft.result_id))
        if existing is not None:
            return existing
    card = card_of(db, draft)
    if card is None:
        raise NotReady("the draft has no green card")
    if not cards.check(db, card).usable:
        raise NotReady("the green card cannot be used today")
    answers = flow.current_answers(context.questionnaire, draft.answers, strings_path=context.strings_path)
    if not flow.complete(context.questionnaire, answers, strings_path=context.strings_path):
        raise NotReady("the questionnaire is not complete")
    if red_flag(context, answers) is not None:
        # Defence in depth: a red flag must never end in a re-access request.
        raise NotReady("a red flag applies")
    original = db.get(Referral, card.referral_id)
    if original is None:
        raise NotReady("the original referral is missing")
    request = _new_request(draft, card, original, answers, context)
    try:
        db.add(request)
        db.flush()
        now = request.submitted_at
        db.add(ReferralEvent(referral_id=request.id, event_type="referral.submitted", occurred_at=now))
        # The return shows on the original episode's timeline too.
        db.add(
            ReferralEvent(
                referral_id=original.id,
                event_type="green_card.reaccess_submitted",
                occurred_at=now,
                detail={"reference": request.reference},
            )
        )
        outbox.enqueue(
            db,
            event_type="green_card.reaccess_submitted",
            aggregate_type="referral",
            aggregate_id=str(request.id),
            bundle=referral_bundle(
                request, context.questionnaire, services=context.services, original_reference=original.reference
            ),
            patient_id=request.patient_id,
            priority=outbox.NORMAL if context.priority == "routine" else outbox.URGENT,
        )
        draft.submitted_at = now
        draft.result_id = str(request.id)
        db.add(draft)
        audit.record(
            db, action="green_card.reaccess_submitted", patient_id=request.patient_id, subject=request.reference
        )
        db.commit()
    except IntegrityError:
        existing = the_other_submit(db, draft)
        if existing is None:
            raise
        return existing
    return request


def _new_request(
    draft: Draft, card: GreenCard, original: Referral, answers: dict[str, Any], context: Context
) -> Referral:
    nrs = answers.get("pain-now")
    return Referral(
        reference=codes.new_code(),
        kind=KIND,
        patient_id=card.patient_id,
        draft_id=draft.id,
        given_name=original.given_name,
        family_name=original.family_name,
        date_of_birth=original.date_of_birth,
        email=answers.get("email") or original.email,
        mobile=answers.get("phone") or original.mobile,
        postcode=original.postcode,
        gp_practice_code=original.gp_practice_code,
        nhs_number=original.nhs_number,
        body_area=card.body_area,
        side=card.side,
        # The body area is the card's, so the hub sees the same body site as before.
        answers={**answers, "body-area": card.body_area},
        scores={"pain_nrs": nrs},
        disposition="re-access",
        service=original.service,
        priority=context.priority,
        triage_reasons=[
            {
                "rule": "GREEN-CARD",
                "description": f"Green card for {card.condition}, valid until {card.valid_until.isoformat()}; "
                f"see within {context.target_days} days.",
                "evidence": {"green_card": str(card.id), "original_referral": original.reference},
            }
        ],
        ruleset_version=context.questionnaire.version,
        green_card_id=card.id,
        original_referral_id=original.id,
        submitted_at=clock.now(),
    )
