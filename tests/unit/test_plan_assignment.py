"""Plans are assigned from the triage result, kept when a clinician chose them, and audited."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlmodel import Session, col, select

from patient_app.content.library import Dosage, library
from patient_app.models import AuditEvent, Patient, PatientPlan
from patient_app.plans import assignment
from patient_app.plans.exercises import (
    InvalidDosage,
    PlannedExercise,
    planned_exercises,
    stage_exercises,
    stored_dosage,
)
from tests.support.factories import StaffLogin
from tests.support.plans import make_referral, submit_referral


def plans_of(db: Session, patient: Patient) -> list[PatientPlan]:
    return list(db.exec(select(PatientPlan).where(PatientPlan.patient_id == patient.id)))


@pytest.mark.parametrize(
    ("disposition", "body_area", "expected"),
    [
        ("self-management", "back", "low-back-pain"),
        ("routine-msk", "knee", "knee-pain"),
        ("urgent-msk", "shoulder", "shoulder-pain"),
        ("routine-msk", "ankle-foot", "heel-pain"),
    ],
)
def test_a_plan_for_self_management_and_msk_referrals(
    app: Flask, db: Session, patient: Patient, disposition: str, body_area: str, *, expected: str
) -> None:
    referral = submit_referral(app, db, patient, body_area=body_area, disposition=disposition)
    [plan] = plans_of(db, patient)
    assert (plan.template_id, plan.stage_id, plan.active) == (expected, "weeks-1-2", True)
    assert plan.assigned_by == "referral"
    assert plan.referral_id == referral.id
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "plan.assigned")).one()
    assert (audit.patient_id, audit.subject, audit.actor_type) == (patient.id, expected, "system")


@pytest.mark.parametrize("disposition", ["emergency", "urgent-same-day", "redirect"])
def test_no_plan_when_the_patient_needs_help_elsewhere(
    app: Flask, db: Session, patient: Patient, disposition: str
) -> None:
    submit_referral(app, db, patient, body_area="back", disposition=disposition)
    assert plans_of(db, patient) == []


def test_no_plan_for_a_guest_or_a_body_area_without_one(app: Flask, db: Session, patient: Patient) -> None:
    submit_referral(app, db, None, body_area="back", disposition="routine-msk")
    submit_referral(app, db, patient, body_area="general", disposition="routine-msk")
    assert db.exec(select(PatientPlan)).all() == []


def test_a_second_referral_for_the_same_area_keeps_the_plan_and_its_stage(
    app: Flask, db: Session, patient: Patient
) -> None:
    submit_referral(app, db, patient, body_area="back", disposition="self-management")
    [plan] = plans_of(db, patient)
    plan.stage_id = "weeks-3-6"
    db.add(plan)
    db.commit()
    submit_referral(app, db, patient, body_area="back", disposition="routine-msk")
    assert [(p.template_id, p.stage_id, p.active) for p in plans_of(db, patient)] == [
        ("low-back-pain", "weeks-3-6", True)
    ]


def test_a_referral_for_another_area_replaces_an_automatic_plan(app: Flask, db: Session, patient: Patient) -> None:
    submit_referral(app, db, patient, body_area="back", disposition="self-management")
    submit_referral(app, db, patient, body_area="neck", disposition="self-management")
    plans = {p.template_id: p for p in plans_of(db, patient)}
    assert plans["low-back-pain"].active is False
    assert plans["low-back-pain"].ended_at is not None
    assert plans["neck-pain"].active is True
    assert assignment.active_plan(db, patient_id=patient.id) == plans["neck-pain"]


def test_a_plan_a_clinician_chose_is_never_replaced_automatically(
    app: Flask, db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    assignment.assign_by_clinician(
        db,
        patient_id=patient.id,
        staff_id=clinician.record.id,
        template_id="sciatica",
        stage_id="weeks-1-2",
        exercises=None,
        note=None,
        content=library(),
    )
    db.commit()
    submit_referral(app, db, patient, body_area="knee", disposition="routine-msk")
    assert [(p.template_id, p.active) for p in plans_of(db, patient)] == [("sciatica", True)]


def test_the_plan_rolls_back_with_a_referral_that_fails(app: Flask, db: Session, patient: Patient) -> None:
    from patient_app.hooks import run_referral_hooks  # noqa: PLC0415 - as the referral journey calls it

    referral = make_referral(db, patient, body_area="hip", disposition="routine-msk")
    with app.app_context():
        run_referral_hooks(db, referral)
    db.rollback()
    assert plans_of(db, patient) == []


def test_clinician_chooses_exercises_with_dosage_and_a_note(
    db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    content = library()
    chosen = [
        PlannedExercise(content.exercises["bridging"], Dosage(3, 12, None, None, 4)),
        PlannedExercise(content.exercises["calf-stretch"], Dosage(2, None, 45, 2, None)),
    ]
    plan = assignment.assign_by_clinician(
        db,
        patient_id=patient.id,
        staff_id=clinician.record.id,
        template_id="low-back-pain",
        stage_id="weeks-3-6",
        exercises=chosen,
        note="Build up slowly.",
        content=content,
    )
    db.commit()
    assert [(item.exercise.id, item.dosage) for item in planned_exercises(plan, content)] == [
        ("bridging", Dosage(3, 12, None, None, 4)),
        ("calf-stretch", Dosage(2, None, 45, 2, None)),
    ]
    assert (plan.note, plan.assigned_by, plan.assigned_by_staff_id) == (
        "Build up slowly.",
        "clinician",
        clinician.record.id,
    )
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.assigned_plan")).one()
    assert audit.detail["before"] == "none"
    assert audit.detail["after"] == "low-back-pain/weeks-3-6 [bridging 3x12, calf-stretch 2x45s]"


@pytest.mark.parametrize(
    "dosage",
    [
        Dosage(0, 10, None, 1, None),  # no sets
        Dosage(1, 51, None, 1, None),  # too many reps
        Dosage(1, 10, 30, 1, None),  # reps and a hold
        Dosage(1, 10, None, None, 8),  # 8 days a week
        Dosage(1, 10, None, 1, 3),  # a day and a week
    ],
)
def test_impossible_dosage_is_refused(db: Session, patient: Patient, clinician: StaffLogin, dosage: Dosage) -> None:
    with pytest.raises(InvalidDosage):
        assignment.assign_by_clinician(
            db,
            patient_id=patient.id,
            staff_id=clinician.record.id,
            template_id="low-back-pain",
            stage_id="weeks-1-2",
            exercises=[PlannedExercise(library().exercises["bridging"], dosage)],
            note=None,
            content=library(),
        )


def test_unknown_template_or_stage_is_refused(db: Session, patient: Patient, clinician: StaffLogin) -> None:
    for template_id, stage_id in (("yoga", "weeks-1-2"), ("low-back-pain", "weeks-99")):
        with pytest.raises(assignment.UnknownTemplate):
            assignment.assign_by_clinician(
                db,
                patient_id=patient.id,
                staff_id=clinician.record.id,
                template_id=template_id,
                stage_id=stage_id,
                exercises=None,
                note=None,
                content=library(),
            )


def test_template_stage_exercises_carry_the_stage_overrides(app: Flask, db: Session, patient: Patient) -> None:
    content = library()
    # Find a stage item that overrides the exercise's own dosage, so the test does not depend on which.
    template, stage, item = next(
        (plan, stage, item)
        for plan in content.plans.values()
        for stage in plan.stages
        for item in stage.items
        if item.reps is not None
    )
    plan = PatientPlan(patient_id=patient.id, template_id=template.id, stage_id=stage.id, assigned_by="referral")
    planned = {p.exercise.id: p.dosage for p in planned_exercises(plan, content)}
    assert planned[item.exercise].reps == item.reps
    assert planned[item.exercise].per_day == content.exercises[item.exercise].dosage.per_day


def test_another_patients_plan_is_not_found_by_its_id(
    app: Flask, db: Session, patient: Patient, other_patient: Patient
) -> None:
    submit_referral(app, db, patient, body_area="back", disposition="routine-msk")
    plan = assignment.active_plan(db, patient_id=patient.id)
    assert plan is not None
    assert assignment.owned_active_plan(db, plan_id=plan.id, patient_id=patient.id) == plan
    assert assignment.owned_active_plan(db, plan_id=plan.id, patient_id=other_patient.id) is None
    assert db.exec(select(PatientPlan).where(col(PatientPlan.patient_id) == other_patient.id)).all() == []


def test_every_dosage_in_the_library_can_be_kept_in_a_plan() -> None:
    # A clinician may tick any exercise, starting from its own or its stage's dosage: each must pass the limits.
    content = library()
    for exercise in content.exercises.values():
        stored_dosage(exercise.id, exercise.dosage)
    for plan in content.plans.values():
        for stage in plan.stages:
            for item in stage_exercises(stage, content):
                stored_dosage(item.exercise.id, item.dosage)
