"""The Friends and Family Test: after discharge, after a message thread, or whenever offered.

The wording and answers are NHS England's (clinical.md), kept here in English
for the hub; pages show the translated labels of the same words.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.progress import feedback_bundle, patient_details
from patient_app.models import FeedbackResponse, Patient

QUESTION = "Overall, how was your experience of our service?"
ANSWERS = {
    "very-good": "Very good",
    "good": "Good",
    "neither": "Neither good nor poor",
    "poor": "Poor",
    "very-poor": "Very poor",
    "dont-know": "Don't know",
}
CONTEXTS = ("discharge", "message", "service")
MAX_COMMENT = 2000


def existing(db: Session, *, patient_id: uuid.UUID, context: str, context_id: str | None) -> FeedbackResponse | None:
    """A patient answers once about each discharge or thread (general feedback can be given again)."""
    if context_id is None:
        return None
    statement = select(FeedbackResponse).where(
        FeedbackResponse.patient_id == patient_id,
        FeedbackResponse.context == context,
        FeedbackResponse.context_id == context_id,
    )
    return db.exec(statement).first()


def record(
    db: Session, *, patient: Patient, context: str, context_id: str | None, rating: str, comment: str | None
) -> FeedbackResponse:
    if context not in CONTEXTS:
        raise ValueError(f"unknown feedback context {context!r}")
    if rating not in ANSWERS:
        raise ValueError(f"unknown answer {rating!r}")
    response = FeedbackResponse(
        patient_id=patient.id,
        context=context,
        context_id=context_id,
        rating=rating,
        comment=(comment or "").strip()[:MAX_COMMENT] or None,
        created_at=clock.now(),
    )
    db.add(response)
    outbox.enqueue(
        db,
        event_type="feedback.recorded",
        aggregate_type="feedback",
        aggregate_id=str(response.id),
        bundle=feedback_bundle(patient_details(patient), response, rating_text=ANSWERS[rating]),
        patient_id=patient.id,
    )
    db.commit()
    return response


def responses(db: Session, *, patient_id: uuid.UUID) -> list[FeedbackResponse]:
    statement = (
        select(FeedbackResponse)
        .where(FeedbackResponse.patient_id == patient_id)
        .order_by(col(FeedbackResponse.created_at))
    )
    return list(db.exec(statement))


def counts(db: Session, *, since: datetime | None = None, context: str | None = None) -> dict[str, int]:
    """Answers counted for the outcome figures: every answer, zero where none."""
    statement = select(FeedbackResponse.rating)
    if since is not None:
        statement = statement.where(FeedbackResponse.created_at >= since)
    if context is not None:
        statement = statement.where(FeedbackResponse.context == context)
    found = Counter(db.exec(statement))
    return {answer: found.get(answer, 0) for answer in ANSWERS}


def percent_positive(tally: dict[str, int]) -> int | None:
    """NHS England's measure: very good and good, out of every answer (Don't know included)."""
    total = sum(tally.values())
    if total == 0:
        return None
    return round(100 * (tally["very-good"] + tally["good"]) / total)
