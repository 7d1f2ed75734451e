"""The patient's plan: today's exercises, a quick log for each, weekly history and a printable copy.

Pages under /my-plan are kept by the service worker (in the cache cleared at
sign-out), so the plan opens with no signal once it has been seen.
Every plan is looked up by id and the signed-in patient: another patient's id
answers 404.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import clock
from patient_app.access import patient_only
from patient_app.content.library import library
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.pdf import render_pdf
from patient_app.plans import assignment, logs
from patient_app.plans.forms import LogForm
from patient_app.plans.today import PlanView, TodayItem, plan_view

bp = Blueprint("plans", __name__)


def _current_view() -> PlanView | None:
    db = get_session()
    plan = assignment.active_plan(db, patient_id=signed_in_patient().id)
    if plan is None:
        return None
    return plan_view(db, plan=plan, content=library(), today=clock.london_today())


def _owned_view(plan_id: uuid.UUID) -> PlanView:
    db = get_session()
    plan = assignment.owned_active_plan(db, plan_id=plan_id, patient_id=signed_in_patient().id)
    if plan is None:
        abort(404)
    return plan_view(db, plan=plan, content=library(), today=clock.london_today())


def _item(view: PlanView, exercise_id: str) -> TodayItem:
    found = next((item for item in view.items if item.exercise.id == exercise_id), None)
    if found is None:
        abort(404)
    return found


@bp.get("/my-plan")
@patient_only
def today() -> str:
    view = _current_view()
    if view is None:
        return render_template("plans/no-plan.jinja")
    forms = {item.exercise.id: LogForm(prefix=item.exercise.id, formdata=None) for item in view.items}
    return render_template("plans/today.jinja", view=view, forms=forms)


@bp.route("/my-plan/<uuid:plan_id>/exercises/<exercise_id>/log", methods=["GET", "POST"])
@patient_only
def log(plan_id: uuid.UUID, exercise_id: str) -> Response | str:
    view = _owned_view(plan_id)
    item = _item(view, exercise_id)
    form = LogForm(prefix=exercise_id)
    if form.validate_on_submit():
        entry = logs.LogEntry(form.outcome.data, form.pain.data, form.difficulty.data)
        db = get_session()
        logs.record(db, plan=view.plan, exercise_id=exercise_id, entry=entry)
        db.commit()
        flash(_("Saved: %(title)s, %(outcome)s.", title=item.exercise.title, outcome=_outcome_words(entry.outcome)))
        return redirect(url_for("plans.today", _anchor=f"exercise-{exercise_id}"))
    return render_template("plans/log.jinja", form=form, view=view, item=item)


def _outcome_words(outcome: str) -> str:
    return {"done": _("done"), "partly": _("partly done"), "not-today": _("not today")}[outcome]


@bp.post("/my-plan/<uuid:plan_id>/next-stage")
@patient_only
def next_stage(plan_id: uuid.UUID) -> Response:
    view = _owned_view(plan_id)
    advice = view.advice
    # Only when the plan itself suggests it: the rules, not a button, decide when to do more.
    if advice is None or advice.kind != "progress" or advice.next_stage is None:
        flash(_("Keep going with these exercises for now."))
        return redirect(url_for("plans.today"))
    db = get_session()
    assignment.move_to_next_stage(db, plan=view.plan, content=library())
    db.commit()
    flash(_("You have moved on to %(stage)s.", stage=advice.next_stage.title))
    return redirect(url_for("plans.today"))


@bp.get("/my-plan/history")
@patient_only
def history() -> str:
    return render_template("plans/history.jinja", view=_current_view())


@bp.get("/my-plan.pdf")
@patient_only
def pdf() -> Response:
    view = _current_view()
    if view is None:
        abort(404)
    content = library()
    drawings = {item.exercise.id: content.illustration_path(item.exercise).as_uri() for item in view.items}
    response = make_response(
        render_pdf(
            "pdf/plan.jinja",
            view=view,
            drawings=drawings,
            patient=signed_in_patient(),
            printed_on=clock.london_today(),
        )
    )
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="my-exercise-plan.pdf"'
    return response
