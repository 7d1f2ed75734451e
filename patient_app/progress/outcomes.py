"""The service's outcome questions, asked at discharge or whenever the patient asks for them.

One question per page; answers are saved as the patient goes, so they can stop
and come back. Questions that no longer apply (the patient changed an earlier
answer) are dropped.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import outbox
from patient_app.hub.fhir.progress import outcomes_bundle, patient_details
from patient_app.models import OutcomeSurvey, Patient
from patient_app.progress.episode import Episode

QUESTIONS = ("set-goals", "supported", "achieved", "what-would-have-helped", "activities")
OPTIONS: dict[str, tuple[str, ...]] = {
    "set-goals": ("yes", "no"),
    "supported": ("yes", "partly", "no"),
    "achieved": ("yes", "partly", "no"),
    "activities": ("a-lot", "a-little", "no-change", "worse"),
}
FREE_TEXT = frozenset({"what-would-have-helped"})
MAX_TEXT = 1000


def applicable(answers: dict[str, str]) -> list[str]:
    questions = ["set-goals"]
    if answers.get("set-goals") == "yes":
        questions += ["supported", "achieved"]
    if answers.get("set-goals") == "no" or answers.get("achieved") in ("partly", "no"):
        questions.append("what-would-have-helped")
    questions.append("activities")
    return questions


def next_question(answers: dict[str, str], after: str | None = None) -> str | None:
    """The question after `after` (or the first unanswered one); None: time to check answers."""
    questions = applicable(answers)
    if after is not None and after in questions:
        following = questions[questions.index(after) + 1 :]
        return following[0] if following else None
    return next((q for q in questions if q not in answers), None)


def in_progress(db: Session, *, patient_id: uuid.UUID) -> OutcomeSurvey | None:
    statement = (
        select(OutcomeSurvey)
        .where(OutcomeSurvey.patient_id == patient_id, col(OutcomeSurvey.completed_at).is_(None))
        .order_by(col(OutcomeSurvey.started_at).desc())
    )
    return db.exec(statement).first()


def completed(db: Session, *, patient_id: uuid.UUID) -> list[OutcomeSurvey]:
    statement = (
        select(OutcomeSurvey)
        .where(OutcomeSurvey.patient_id == patient_id, col(OutcomeSurvey.completed_at).is_not(None))
        .order_by(col(OutcomeSurvey.completed_at))
    )
    return list(db.exec(statement))


def due_at_discharge(db: Session, *, patient_id: uuid.UUID, episode: Episode) -> bool:
    if episode.discharged_referral_id is None:
        return False
    return not any(s.referral_id == episode.discharged_referral_id for s in completed(db, patient_id=patient_id))


def save_answer(db: Session, *, patient: Patient, episode: Episode, question: str, value: str) -> OutcomeSurvey:
    if question not in QUESTIONS:
        raise ValueError(f"unknown question {question!r}")
    if question in OPTIONS and value not in OPTIONS[question]:
        raise ValueError(f"{value!r} is not an answer to {question}")
    survey = in_progress(db, patient_id=patient.id)
    if survey is None:
        at_discharge = due_at_discharge(db, patient_id=patient.id, episode=episode)
        survey = OutcomeSurvey(
            patient_id=patient.id,
            context="discharge" if at_discharge else "request",
            referral_id=episode.discharged_referral_id if at_discharge else None,
            started_at=clock.now(),
        )
    answers = {**survey.answers, question: value[:MAX_TEXT]}
    survey.answers = {q: answers[q] for q in applicable(answers) if q in answers}
    db.add(survey)
    db.commit()
    return survey


def complete(db: Session, *, patient: Patient, survey: OutcomeSurvey) -> OutcomeSurvey:
    if next_question(survey.answers) is not None:
        raise ValueError("some questions are not answered yet")
    survey.completed_at = clock.now()
    db.add(survey)
    outbox.enqueue(
        db,
        event_type="feedback.recorded",
        aggregate_type="outcome_survey",
        aggregate_id=str(survey.id),
        bundle=outcomes_bundle(patient_details(patient), survey),
        patient_id=patient.id,
    )
    db.commit()
    return survey
