"""The patient's progress page, their pain scores, the PDF, and reminder settings."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import clock
from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.pdf import render_pdf
from patient_app.progress import feedback, goals, outcomes, reminders, report
from patient_app.progress.blueprint import bp
from patient_app.progress.forms import ReminderForm


def _reminder_default() -> int:
    days: int = current_app.extensions["settings"].checkin_reminder_days
    return days


def overview_context() -> dict[str, Any]:
    db = get_session()
    patient = signed_in_patient()
    data = report.build(db, patient_id=patient.id)
    episode = data.episode
    discharge_id = str(episode.discharged_referral_id) if episode.discharged_referral_id else None
    return {
        "patient": patient,
        "report": data,
        "suggestions": goals.suggestions(data.goals, episode),
        "goal_limit": goals.ACTIVE_LIMIT,
        "reminder": reminders.due(
            db, patient_id=patient.id, today=clock.london_today(), default_days=_reminder_default()
        ),
        "outcomes_due": outcomes.due_at_discharge(db, patient_id=patient.id, episode=episode),
        "feedback_due": discharge_id is not None
        and feedback.existing(db, patient_id=patient.id, context="discharge", context_id=discharge_id) is None,
    }


@bp.get("")
@patient_only
def overview() -> str:
    return render_template("progress/overview.jinja", **overview_context())


HISTORY_PAGE = 50


@bp.get("/pain")
@patient_only
def pain_history() -> str:
    data = report.build(get_session(), patient_id=signed_in_patient().id)
    newest_first = list(reversed(data.pains))
    pages = max(1, -(-len(newest_first) // HISTORY_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = newest_first[(page - 1) * HISTORY_PAGE : page * HISTORY_PAGE]
    return render_template("progress/pain-history.jinja", report=data, shown=shown, page=page, pages=pages)


@bp.get("/my-progress.pdf")
@patient_only
def download_pdf() -> Response:
    context = overview_context()
    pdf = render_pdf("pdf/progress.jinja", generated=clock.now(), **context)
    filename = f"my-progress-{clock.london_today().isoformat()}.pdf"
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.route("/reminders", methods=["GET", "POST"])
@patient_only
def reminder_settings() -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    prefs = reminders.preferences(db, patient_id=patient.id)
    form = ReminderForm(data={"days": str(reminders.frequency(prefs, _reminder_default()))})
    if form.validate_on_submit():
        reminders.set_frequency(db, patient_id=patient.id, days=int(form.days.data))
        flash(_("Your reminder setting has been saved."))
        return redirect(url_for("progress.overview"))
    return render_template("progress/reminders.jinja", form=form)


@bp.post("/reminders/dismiss")
@patient_only
def dismiss_reminder() -> Response:
    reminders.dismiss(get_session(), patient_id=signed_in_patient().id, today=clock.london_today())
    back = request.form.get("back", "")
    return redirect(url_for("accounts.account") if back == "account" else url_for("progress.overview"))
