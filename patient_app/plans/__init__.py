"""Exercise plans: assigned after a self-referral or by a clinician, followed and logged by the patient."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlmodel import Session

from patient_app.content.library import library
from patient_app.hooks import add_account_panel, add_data_section, add_staff_patient_section, on_referral_submitted
from patient_app.models import PatientPlan
from patient_app.plans import assignment, sections, staff_views, views


def _after_referral(db: Session, referral: Any) -> None:
    assignment.assign_after_referral(db, referral=referral, content=library())


def _demo_plan(db: Session) -> None:
    """`flask demo load`: the demo patient gets the low back pain plan, so "My exercises" has something to show."""
    from patient_app.accounts.service import find_by_email  # noqa: PLC0415 - only needed by the demo command
    from patient_app.cli import DEMO_PATIENT_EMAIL  # noqa: PLC0415 - as above

    patient = find_by_email(db, DEMO_PATIENT_EMAIL)
    if patient is None or assignment.active_plan(db, patient_id=patient.id) is not None:
        return
    plan = PatientPlan(
        patient_id=patient.id,
        template_id="low-back-pain",
        stage_id=library().plans["low-back-pain"].stages[0].id,
        assigned_by="referral",
    )
    db.add(plan)
    db.commit()


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(staff_views.bp)
    on_referral_submitted(app, _after_referral)
    add_staff_patient_section(app, sections.staff_section)
    add_account_panel(app, "plans/account-panel.jinja")
    add_data_section(app, sections.data_section)
    app.jinja_env.globals["current_plan_title"] = sections.current_plan_title
    app.extensions.setdefault("demo_loaders", []).append(_demo_plan)
