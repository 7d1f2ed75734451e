"""Goals, pain scores (VAS/NRS), PSFS, outcome questions and the Friends and Family Test.

`init_app` registers the blueprints and plugs the journey into the shared
hooks: the staff record section, "download my data" and the account panel.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from patient_app import clock, hooks
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.progress import (
    activity_views,  # noqa: F401 - adds its routes on import
    feedback_views,
    goal_views,  # noqa: F401 - adds its routes on import
    goals,
    outcome_views,  # noqa: F401 - adds its routes on import
    pain,
    pain_views,  # noqa: F401 - adds its routes on import
    reminders,
    staff_views,
    views,  # noqa: F401 - adds its routes on import
    wording,
)
from patient_app.progress.blueprint import bp, feedback_bp, staff_bp
from patient_app.progress.export import data_section


def _account_panel() -> dict[str, Any]:
    """What the account page's progress panel shows."""
    db = get_session()
    patient = signed_in_patient()
    return {
        "active_goals": goals.active_count(db, patient_id=patient.id),
        "latest_pain": pain.latest(db, patient_id=patient.id),
        "reminder": reminders.due(
            db,
            patient_id=patient.id,
            today=clock.london_today(),
            default_days=current_app.extensions["settings"].checkin_reminder_days,
        ),
    }


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(staff_bp)
    hooks.add_staff_patient_section(app, staff_views.staff_section)
    hooks.add_data_section(app, data_section)
    hooks.add_account_panel(app, "progress/account-panel.jinja")
    app.jinja_env.globals.update(
        progress_account_panel=_account_panel,
        pain_sentence=wording.pain_sentence,
        pain_scores_line=wording.pain_scores_line,
        psfs_sentence=wording.psfs_sentence,
        format_score=wording.number,
        feedback_url=feedback_views.feedback_url,
    )
