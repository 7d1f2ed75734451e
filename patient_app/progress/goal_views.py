"""Setting goals, checking in on them, and closing them."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import clock
from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.forms import add_error, entered
from patient_app.identity import signed_in_patient
from patient_app.models import Goal
from patient_app.progress import goals
from patient_app.progress.blueprint import bp
from patient_app.progress.charts import Reading, line_chart
from patient_app.progress.episode import current_episode
from patient_app.progress.forms import CheckInForm, GoalForm, GoalStatusForm


def _own_goal(goal_id: uuid.UUID) -> Goal:
    goal = goals.find_goal(get_session(), patient_id=signed_in_patient().id, goal_id=goal_id)
    if goal is None:
        abort(404)
    return goal


@bp.route("/goals/new", methods=["GET", "POST"])
@patient_only
def new_goal() -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    active = goals.active_count(db, patient_id=patient.id)
    suggestions = goals.suggestions(goals.goals(db, patient_id=patient.id), current_episode(db, patient_id=patient.id))
    chosen = next((s for s in suggestions if str(s.index) == request.args.get("activity")), None)
    form = GoalForm(data={"text": chosen.activity} if chosen else None)
    if active >= goals.ACTIVE_LIMIT:
        return render_template("progress/goal-limit.jinja", limit=goals.ACTIVE_LIMIT)
    if form.validate_on_submit():
        goal = goals.set_goal(
            db,
            patient=patient,
            text=entered(form.text),
            importance=form.importance.data,
            target_date=form.target_date.data,
            from_activity=chosen.activity if chosen else None,
        )
        flash(_("Your goal has been saved."))
        return redirect(url_for("progress.goal", goal_id=goal.id))
    return render_template("progress/new-goal.jinja", form=form, suggestions=suggestions, chosen=chosen)


@bp.get("/goals/<uuid:goal_id>")
@patient_only
def goal(goal_id: uuid.UUID) -> str:
    found = _own_goal(goal_id)
    history = goals.check_ins(get_session(), goal_id=found.id)
    readings = [
        Reading(at=datetime.combine(c.checked_on, time(12), tzinfo=clock.LONDON), value=c.score) for c in history
    ]
    chart = line_chart(readings, y_max=10, y_step=2)
    return render_template("progress/goal.jinja", goal=found, history=history, chart=chart)


@bp.route("/goals/<uuid:goal_id>/check-in", methods=["GET", "POST"])
@patient_only
def goal_check_in(goal_id: uuid.UUID) -> Response | str:
    found = _own_goal(goal_id)
    form = CheckInForm(data={"checked_on": clock.london_today()})
    # Validation guarantees both; the check keeps the types honest.
    if form.validate_on_submit() and form.score.data is not None and form.checked_on.data is not None:
        goals.check_in(
            get_session(),
            patient=signed_in_patient(),
            goal=found,
            score=form.score.data,
            note=form.note.data,
            on=form.checked_on.data,
        )
        flash(_("Your check-in has been saved."))
        return redirect(url_for("progress.goal", goal_id=found.id))
    return render_template("progress/check-in.jinja", form=form, goal=found)


@bp.route("/goals/<uuid:goal_id>/status", methods=["GET", "POST"])
@patient_only
def goal_status(goal_id: uuid.UUID) -> Response | str:
    found = _own_goal(goal_id)
    form = GoalStatusForm(data={"status": found.status})
    if form.validate_on_submit():
        try:
            goals.change_status(get_session(), patient=signed_in_patient(), goal=found, status=form.status.data)
        except goals.TooManyGoals:
            add_error(
                form.status,
                _("You already have %(limit)s goals you are working on. Close one first.", limit=goals.ACTIVE_LIMIT),
            )
        else:
            flash(_("Your goal has been updated."))
            return redirect(url_for("progress.goal", goal_id=found.id))
    return render_template("progress/goal-status.jinja", form=form, goal=found)
