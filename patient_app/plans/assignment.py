"""Giving a patient a plan: automatically after a self-referral, or by a clinician.

A patient has at most one active plan. Changes are audited in the caller's
transaction; nothing here commits, so a plan assigned by the referral hook
commits (or rolls back) with the referral itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from patient_app import audit, clock
from patient_app.content.library import Library
from patient_app.models import PatientPlan
from patient_app.plans.exercises import InvalidDosage, PlannedExercise, next_stage, stored_dosage

SYSTEM = ("system", None)


class UnknownTemplate(ValueError):
    pass


def active_plan(db: Session, *, patient_id: uuid.UUID) -> PatientPlan | None:
    statement = (
        select(PatientPlan)
        .where(PatientPlan.patient_id == patient_id, col(PatientPlan.active).is_(True))
        .order_by(col(PatientPlan.assigned_at).desc())
    )
    return db.exec(statement).first()


def owned_active_plan(db: Session, *, plan_id: uuid.UUID, patient_id: uuid.UUID) -> PatientPlan | None:
    """The plan only if it is this patient's current one: anyone else's id finds nothing."""
    plan = db.get(PatientPlan, plan_id)
    if plan is None or plan.patient_id != patient_id or not plan.active:
        return None
    return plan


def assign_after_referral(db: Session, *, referral: Any, content: Library) -> PatientPlan | None:
    """The referral hook: a plan for the body area, for the triage results that call for one.

    A plan a clinician chose is never replaced automatically; nor is the same
    plan restarted (the patient keeps their stage and their logs).
    """
    if referral.patient_id is None:
        return None  # a guest: there is no account to show a plan in
    template_id = content.assignments.plan_for(disposition=referral.disposition, body_area=referral.body_area)
    if template_id is None or template_id not in content.plans:
        return None
    current = active_plan(db, patient_id=referral.patient_id)
    if current is not None and (current.assigned_by == "clinician" or current.template_id == template_id):
        return current
    if current is not None:
        _end(current)
        db.add(current)
    plan = PatientPlan(
        patient_id=referral.patient_id,
        template_id=template_id,
        stage_id=content.plans[template_id].stages[0].id,
        assigned_by="referral",
        referral_id=referral.id,
        stage_started_at=clock.now(),
        assigned_at=clock.now(),
    )
    db.add(plan)
    audit.record(
        db,
        action="plan.assigned",
        patient_id=referral.patient_id,
        subject=template_id,
        actor=SYSTEM,
        referral=referral.reference,
        disposition=referral.disposition,
    )
    return plan


def assign_by_clinician(
    db: Session,
    *,
    patient_id: uuid.UUID,
    staff_id: uuid.UUID,
    template_id: str,
    stage_id: str,
    exercises: list[PlannedExercise] | None,
    note: str | None,
    content: Library,
) -> PatientPlan:
    """Set the patient's plan: a template stage, or the clinician's own exercises with their dosage.

    The active plan is changed in place, so the patient's logs and history stay with it.
    """
    template = content.plans.get(template_id)
    if template is None or stage_id not in {stage.id for stage in template.stages}:
        raise UnknownTemplate(f"{template_id}/{stage_id}")
    chosen = None
    if exercises is not None:
        chosen = [stored_dosage(item.exercise.id, item.dosage) for item in exercises]
        if not chosen:
            raise InvalidDosage("choose at least one exercise")
    plan = active_plan(db, patient_id=patient_id)
    before = _describe(plan)
    if plan is None:
        plan = PatientPlan(
            patient_id=patient_id,
            template_id=template_id,
            stage_id=stage_id,
            assigned_by="clinician",
            stage_started_at=clock.now(),
        )
    if (plan.template_id, plan.stage_id) != (template_id, stage_id):
        plan.stage_started_at = clock.now()
    plan.template_id, plan.stage_id = template_id, stage_id
    plan.exercises = chosen
    plan.note = note or None
    plan.assigned_by, plan.assigned_by_staff_id, plan.assigned_at = "clinician", staff_id, clock.now()
    db.add(plan)
    audit.record(
        db,
        action="staff.assigned_plan",
        patient_id=patient_id,
        subject=template_id,
        before=before,
        after=_describe(plan),
    )
    return plan


def move_to_next_stage(db: Session, *, plan: PatientPlan, content: Library) -> bool:
    """The patient accepts the suggestion to move on. False when there is no next stage."""
    stage = next_stage(plan, content)
    if stage is None:
        return False
    before = plan.stage_id
    plan.stage_id, plan.stage_started_at = stage.id, clock.now()
    db.add(plan)
    audit.record(
        db,
        action="plan.next_stage",
        patient_id=plan.patient_id,
        subject=plan.template_id,
        before=before,
        after=stage.id,
    )
    return True


def _end(plan: PatientPlan) -> None:
    plan.active, plan.ended_at = False, clock.now()


def _describe(plan: PatientPlan | None) -> str:
    if plan is None:
        return "none"
    chosen = ", ".join(
        f"{item['exercise']} {item['sets']}x{item.get('reps') or str(item.get('hold_seconds')) + 's'}"
        for item in plan.exercises or []
    )
    return f"{plan.template_id}/{plan.stage_id}" + (f" [{chosen}]" if chosen else "")
