"""The progress part of "download my data"."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from patient_app.models import Patient
from patient_app.progress import feedback, goals, outcomes, pain, psfs, reminders


def data_section(db: Session, patient: Patient) -> tuple[str, Any]:
    prefs = reminders.preferences(db, patient_id=patient.id)
    return (
        "goals_pain_and_feedback",
        {
            "goals": [
                {
                    "goal": goal.text,
                    "importance": goal.importance,
                    "target_date": goal.target_date.isoformat() if goal.target_date else None,
                    "status": goal.status,
                    "set_at": goal.created_at.isoformat(),
                    "check_ins": [
                        {"date": c.checked_on.isoformat(), "score_out_of_10": c.score, "note": c.note}
                        for c in goals.check_ins(db, goal_id=goal.id)
                    ],
                }
                for goal in goals.goals(db, patient_id=patient.id)
            ],
            "pain_scores": [
                {
                    "recorded_at": p.recorded_at.isoformat(),
                    "scale": "0 to 100" if p.scale == "vas" else "0 to 10",
                    "score": p.score,
                    "treatment_point": p.treatment_point,
                }
                for p in pain.entries(db, patient_id=patient.id)
            ],
            "activity_scores": [
                {"rated_at": o.at.isoformat(), "scores": [{"activity": a, "score": s} for a, s in o.scores]}
                for o in psfs.occasions(db, patient_id=patient.id)
            ],
            "outcome_answers": [
                {"completed_at": s.completed_at.isoformat() if s.completed_at else None, "answers": s.answers}
                for s in outcomes.completed(db, patient_id=patient.id)
            ],
            "feedback": [
                {"given_at": f.created_at.isoformat(), "about": f.context, "answer": f.rating, "comment": f.comment}
                for f in feedback.responses(db, patient_id=patient.id)
            ],
            "reminders_every_days": prefs.reminder_days,
        },
    )
