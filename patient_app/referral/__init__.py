"""Self-referral: the questionnaire, red-flag screen, triage and what follows sending."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from patient_app import codes, hooks
from patient_app.access import Role
from patient_app.content.library import Problem
from patient_app.hub.timeline import timeline_lines
from patient_app.models import Patient, Referral
from patient_app.questionnaires import definition
from patient_app.referral import service
from patient_app.referral.records import bp as records_bp
from patient_app.referral.views import bp as journey_bp
from patient_app.triage import rules
from patient_app.web.pwa import register_offline_page

ADVICE_PAGES = ("cauda-equina", "neck-vascular", "fracture", "infection", "cancer", "dvt")
BODY_AREA_LABELS = {
    "neck": "Neck",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "wrist-hand": "Wrist or hand",
    "upper-back": "Upper or middle back",
    "lower-back": "Lower back",
    "back": "Back",
    "hip": "Hip or groin",
    "knee": "Knee",
    "ankle-foot": "Ankle or foot",
}


# Stored codes, in words for staff pages.
DISPOSITION_LABELS = {
    "urgent-msk": _l("Urgent MSK (within 2 weeks)"),
    "routine-msk": _l("Routine MSK"),
    "self-management": _l("Self-management first"),
    "re-access": _l("Green card return"),
}
# FHIR ServiceRequest priority, as staff say it.
PRIORITY_LABELS = {
    "routine": _l("Routine"),
    "urgent": _l("Urgent"),
    "asap": _l("As soon as possible"),
    "stat": _l("Immediately"),
}
STATUS_LABELS = {
    "submitted": _l("Sent"),
    "received": _l("Received by the hub"),
    "triaged": _l("Triaged"),
    "booked": _l("Appointment booked"),
    "awaiting-booking": _l("Waiting for a new appointment"),
    "discharged": _l("Discharged"),
}


def _attach_guest_referral(db: Session, patient: Patient) -> None:
    raw = session.get("submitted_referral")
    if not raw:
        return
    referral = db.get(Referral, uuid.UUID(raw))
    if referral is not None:
        service.attach_to_account(db, referral=referral, patient=patient)


def _data_section(db: Session, patient: Patient) -> tuple[str, Any]:
    referrals = db.exec(select(Referral).where(Referral.patient_id == patient.id).order_by(col(Referral.submitted_at)))
    return "referrals", [
        {
            "reference": referral.reference,
            "sent": referral.submitted_at.isoformat(),
            "problem": referral.answers.get("body-area"),
            "outcome": referral.disposition,
            "service": referral.service,
            "status": referral.status,
            "answers": referral.answers,
        }
        for referral in referrals
    ]


def _staff_section(db: Session, patient: Patient) -> dict[str, Any]:
    referrals = list(
        db.exec(select(Referral).where(Referral.patient_id == patient.id).order_by(col(Referral.submitted_at).desc()))
    )
    return {"title": "Referrals", "template": "referral/staff/section.jinja", "referrals": referrals}


def _content_problems() -> list[Problem]:
    problems: list[Problem] = []
    try:
        questionnaire = definition.self_referral()
    except definition.QuestionnaireError as exc:
        return [Problem("questionnaires/self-referral.yaml", str(exc))]
    try:
        rules.load(questionnaire=questionnaire)
    except rules.RuleSetError as exc:
        problems.append(Problem("triage/rules.yaml", str(exc)))
    return problems


def init_app(app: Flask) -> None:
    settings = app.extensions["settings"]
    questionnaire = definition.self_referral()
    app.extensions["referral_context"] = service.Context(
        questionnaire=questionnaire,
        rules=rules.load(questionnaire=questionnaire),
        strings_path=settings.licensed_strings_path,
        min_age=settings.min_age,
    )
    app.register_blueprint(journey_bp)
    app.register_blueprint(records_bp)
    _add_console_section(app)
    for advice in ADVICE_PAGES:
        register_offline_page(app, "referral.get_help", advice=advice)
    hooks.on_patient_sign_in(app, _attach_guest_referral)
    hooks.add_data_section(app, _data_section)
    hooks.add_account_panel(app, "referral/account-panel.jinja")
    hooks.add_staff_patient_section(app, _staff_section)
    app.extensions.setdefault("content_checkers", []).append(_content_problems)
    app.jinja_env.filters["grouped_code"] = codes.grouped
    app.jinja_env.globals["body_area_label"] = lambda area: _(BODY_AREA_LABELS.get(area, area))
    app.jinja_env.globals["timeline_lines"] = timeline_lines
    app.jinja_env.filters["disposition_words"] = lambda code: str(DISPOSITION_LABELS.get(code, code))
    app.jinja_env.filters["status_words"] = lambda code: str(STATUS_LABELS.get(code, code))
    app.jinja_env.filters["priority_words"] = lambda code: str(PRIORITY_LABELS.get(code, code))


def _add_console_section(app: Flask) -> None:
    from patient_app.console.views import add_console_section  # noqa: PLC0415 - the console imports journeys' hooks

    add_console_section(
        app,
        endpoint="referral_records.staff_list",
        title="Referrals",
        description="Self-referrals and green card returns, newest first, by triage outcome",
        roles=frozenset({Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN}),
    )
