"""Goals, pain scores, activities, outcome questions, feedback and the staff "after treatment" mark."""

from __future__ import annotations

from typing import Any

from patient_app.progress import feedback, goals
from tests.meta.routes import Route, World
from tests.support.progress import add_pain, discharge, make_referral

STAFF = "staff:clinician"


def build_world(db: Any, world: World) -> None:
    patient = world["patient_a"]
    referral = make_referral(db, patient)
    discharge(db, referral)
    world["goal_a"] = goals.set_goal(db, patient=patient, text="Walk to the shops", importance="very")
    world["pain_a"] = add_pain(db, patient, 40)
    feedback.record(db, patient=patient, context="service", context_id=None, rating="good", comment=None)


ROUTES: list[Route] = [
    Route("progress.overview", "patient"),
    Route("progress.pain_history", "patient"),
    Route("progress.download_pdf", "patient"),
    Route("progress.reminder_settings", "patient", ("GET", "POST")),
    Route("progress.dismiss_reminder", "patient", ("POST",)),
    Route("progress.new_pain", "patient"),
    Route("progress.record_pain", "patient", ("GET", "POST"), args=lambda w: {"scale": "vas"}),
    Route(
        "progress.mark_pain",
        "patient",
        ("GET", "POST"),
        args=lambda w: {"entry_id": w["pain_a"].id},
        owner="patient_a",
    ),
    Route("progress.new_goal", "patient", ("GET", "POST")),
    Route("progress.goal", "patient", args=lambda w: {"goal_id": w["goal_a"].id}, owner="patient_a"),
    Route(
        "progress.goal_check_in",
        "patient",
        ("GET", "POST"),
        args=lambda w: {"goal_id": w["goal_a"].id},
        owner="patient_a",
    ),
    Route(
        "progress.goal_status",
        "patient",
        ("GET", "POST"),
        args=lambda w: {"goal_id": w["goal_a"].id},
        owner="patient_a",
    ),
    Route("progress.rate_activities", "patient", ("GET", "POST")),
    Route("progress.outcomes_start", "patient"),
    Route("progress.outcome_question", "patient", ("GET", "POST"), args=lambda w: {"question": "set-goals"}),
    Route("progress.outcomes_check", "patient", ("GET", "POST")),
    Route("progress.outcomes_done", "patient"),
    Route("feedback.give", "patient", ("GET", "POST")),
    Route("feedback.thanks", "patient"),
    Route(
        "progress_staff.mark_after_treatment",
        STAFF,
        ("POST",),
        args=lambda w: {"patient_id": w["patient_a"].id, "entry_id": w["pain_a"].id},
    ),
]
