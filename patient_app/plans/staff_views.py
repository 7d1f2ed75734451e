"""Clinicians assign or change a patient's plan: template and stage, or their own exercises and dosage.

Opening a patient's plan is audited like opening their record; every change is
audited in the same transaction as the change.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import audit, clock
from patient_app.access import Role, staff_only
from patient_app.content.library import Library, library
from patient_app.db import get_session
from patient_app.forms import choices
from patient_app.identity import signed_in_staff
from patient_app.library.words import areas_text
from patient_app.models import Patient, PatientPlan
from patient_app.plans import assignment
from patient_app.plans.exercises import InvalidDosage, PlannedExercise, planned_exercises, stage_exercises
from patient_app.plans.forms import PlanForm, dosage_data, dosage_form_class, dosage_from_form
from patient_app.plans.today import plan_view

bp = Blueprint("plan_staff", __name__, url_prefix="/staff/patients")


def _patient(patient_id: uuid.UUID) -> Patient:
    patient = get_session().get(Patient, patient_id)
    if patient is None or patient.deleted_at is not None:
        abort(404)
    return patient


def _plan_choices(content: Library) -> list[tuple[str, str]]:
    return [
        (f"{plan.id}/{stage.id}", f"{plan.title}: {stage.title}")
        for plan in sorted(content.plans.values(), key=lambda p: p.title)
        for stage in plan.stages
    ]


def _chosen(
    content: Library, current: PatientPlan | None, template_id: str, stage_id: str, ids: list[str]
) -> list[PlannedExercise]:
    """The ticked exercises with a starting dosage: as the plan had it, else as the stage has it, else the default."""
    known = {item.exercise.id: item for item in planned_exercises(current, content)} if current else {}
    stage = next(s for s in content.plans[template_id].stages if s.id == stage_id)
    in_stage = {item.exercise.id: item for item in stage_exercises(stage, content)}
    default = {
        exercise_id: PlannedExercise(content.exercises[exercise_id], content.exercises[exercise_id].dosage)
        for exercise_id in ids
    }
    return [known.get(exercise_id) or in_stage.get(exercise_id) or default[exercise_id] for exercise_id in ids]


@bp.route("/<uuid:patient_id>/plan", methods=["GET", "POST"])
@staff_only(Role.CLINICIAN)
def edit(patient_id: uuid.UUID) -> Response | str:
    db, content = get_session(), library()
    patient = _patient(patient_id)
    current = assignment.active_plan(db, patient_id=patient.id)
    form = PlanForm(
        data={
            "plan": f"{current.template_id}/{current.stage_id}" if current else "",
            "exercises": [item["exercise"] for item in current.exercises or []] if current else [],
            "note": current.note if current else "",
        }
    )
    form.plan.choices = choices([("", _("Choose a plan")), *_plan_choices(content)])
    exercises = sorted(content.exercises.values(), key=lambda e: e.title)
    form.exercises.choices = choices([(e.id, e.title) for e in exercises])
    form.exercises.choice_hints = {e.id: areas_text(e.body_areas) for e in exercises}
    if form.validate_on_submit():
        template_id, _slash, stage_id = form.plan.data.partition("/")
        ticked = list(form.exercises.data or [])
        chosen = _chosen(content, current, template_id, stage_id, ticked) if ticked else None
        plan = assignment.assign_by_clinician(
            db,
            patient_id=patient.id,
            staff_id=signed_in_staff().id,
            template_id=template_id,
            stage_id=stage_id,
            exercises=chosen,
            note=form.note.data,
            content=content,
        )
        db.commit()
        if plan.exercises is not None:
            return redirect(url_for("plan_staff.dosage", patient_id=patient.id))
        flash(_("Exercise plan saved for %(name)s.", name=patient.full_name))
        return redirect(url_for("patients.record", patient_id=patient.id))
    if not form.is_submitted():
        audit.record_now(db, action="staff.viewed_plan", patient_id=patient.id)
    view = plan_view(db, plan=current, content=content, today=clock.london_today()) if current else None
    return render_template("plans/staff/edit.jinja", form=form, patient=patient, view=view)


@bp.route("/<uuid:patient_id>/plan/dosage", methods=["GET", "POST"])
@staff_only(Role.CLINICIAN)
def dosage(patient_id: uuid.UUID) -> Response | str:
    db, content = get_session(), library()
    patient = _patient(patient_id)
    current = assignment.active_plan(db, patient_id=patient.id)
    if current is None:
        return redirect(url_for("plan_staff.edit", patient_id=patient.id))
    planned = [item.planned for item in plan_view(db, plan=current, content=content, today=clock.london_today()).items]
    form = dosage_form_class(planned)(data=dosage_data(planned))
    if form.validate_on_submit():
        doses = [dosage_from_form(form, item) for item in planned]
        if all(dose is not None for dose in doses):
            try:
                assignment.assign_by_clinician(
                    db,
                    patient_id=patient.id,
                    staff_id=signed_in_staff().id,
                    template_id=current.template_id,
                    stage_id=current.stage_id,
                    exercises=[
                        PlannedExercise(item.exercise, dose) for item, dose in zip(planned, doses, strict=True) if dose
                    ],
                    note=current.note,
                    content=content,
                )
            except InvalidDosage:
                abort(400)  # the form's own limits make this unreachable from the page
            db.commit()
            flash(_("Exercise plan saved for %(name)s.", name=patient.full_name))
            return redirect(url_for("patients.record", patient_id=patient.id))
        form._errors = None  # a days-a-week error was added after validation
    elif not form.is_submitted():
        audit.record_now(db, action="staff.viewed_plan", patient_id=patient.id)
    return render_template("plans/staff/dosage.jinja", form=form, patient=patient, planned=planned, plan=current)
