"""What the plan journey adds to other pages: the staff record, the account page and "download my data"."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.content.library import library
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.models import ExerciseLog, Patient, PatientPlan, StaffMember
from patient_app.plans import assignment
from patient_app.plans.today import plan_view

RECENT_WEEKS = 4


def staff_section(db: Session, patient: Patient) -> dict[str, Any]:
    plan = assignment.active_plan(db, patient_id=patient.id)
    view = plan_view(db, plan=plan, content=library(), today=clock.london_today()) if plan else None
    staff = db.get(StaffMember, plan.assigned_by_staff_id) if plan and plan.assigned_by_staff_id else None
    return {
        "title": _("Exercise plan"),
        "template": "plans/staff/section.jinja",
        "plan_view": view,
        "recent_weeks": view.weeks[:RECENT_WEEKS] if view else [],
        "assigned_by_name": staff.name if staff else None,
        "patient": patient,
    }


def current_plan_title() -> str | None:
    """For the account page panel: the signed-in patient's plan, if they have one."""
    plan = assignment.active_plan(get_session(), patient_id=signed_in_patient().id)
    if plan is None:
        return None
    template = library().plans.get(plan.template_id)
    return template.title if template else ""


def data_section(db: Session, patient: Patient) -> tuple[str, Any]:
    plans = db.exec(
        select(PatientPlan).where(PatientPlan.patient_id == patient.id).order_by(col(PatientPlan.assigned_at))
    ).all()
    exported = []
    for plan in plans:
        logs = db.exec(
            select(ExerciseLog)
            .where(ExerciseLog.plan_id == plan.id, ExerciseLog.patient_id == patient.id)
            .order_by(col(ExerciseLog.logged_on), col(ExerciseLog.exercise_id))
        ).all()
        exported.append(
            {
                "plan": plan.template_id,
                "stage": plan.stage_id,
                "current": plan.active,
                "given_by": plan.assigned_by,
                "given_on": plan.assigned_at.isoformat(),
                "note": plan.note,
                "chosen_exercises": plan.exercises,
                "logs": [
                    {
                        "date": log.logged_on.isoformat(),
                        "exercise": log.exercise_id,
                        "did_it": log.outcome,
                        "pain_during": log.pain_during,
                        "how_it_felt": log.difficulty,
                    }
                    for log in logs
                ],
            }
        )
    return "exercise_plans", exported
