"""The outcome questions: one per page, then check your answers, then done."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.forms import NhsForm
from patient_app.identity import signed_in_patient
from patient_app.progress import outcomes
from patient_app.progress.blueprint import bp
from patient_app.progress.episode import current_episode
from patient_app.progress.outcome_forms import OUTCOME_FORMS


@bp.get("/outcomes")
@patient_only
def outcomes_start() -> str:
    survey = outcomes.in_progress(get_session(), patient_id=signed_in_patient().id)
    first = outcomes.next_question(survey.answers if survey else {}) or "set-goals"
    return render_template("progress/outcomes/start.jinja", first=first, resuming=survey is not None)


@bp.route("/outcomes/<question>", methods=["GET", "POST"])
@patient_only
def outcome_question(question: str) -> Response | str:
    if question not in OUTCOME_FORMS:
        abort(404)
    db = get_session()
    patient = signed_in_patient()
    survey = outcomes.in_progress(db, patient_id=patient.id)
    answers = survey.answers if survey else {}
    if question not in outcomes.applicable(answers) and question != "set-goals":
        return redirect(url_for("progress.outcomes_start"))
    form = OUTCOME_FORMS[question](data={"answer": answers.get(question)})
    if form.validate_on_submit():
        value = form.answer.data or ""
        survey = outcomes.save_answer(
            db, patient=patient, episode=current_episode(db, patient_id=patient.id), question=question, value=value
        )
        following = outcomes.next_question(survey.answers, after=question)
        if request.args.get("change") or following is None:
            # Back to checking, by way of any question the changed answer opened up.
            missing = outcomes.next_question(survey.answers)
            if missing is None:
                return redirect(url_for("progress.outcomes_check"))
            return redirect(url_for("progress.outcome_question", question=missing, change="1"))
        return redirect(url_for("progress.outcome_question", question=following))
    questions = outcomes.applicable(answers)
    position = questions.index(question) if question in questions else 0
    back = (
        url_for("progress.outcome_question", question=questions[position - 1])
        if position
        else url_for("progress.outcomes_start")
    )
    return render_template(f"progress/outcomes/{question}.jinja", form=form, back_url=back)


@bp.route("/outcomes/check", methods=["GET", "POST"])
@patient_only
def outcomes_check() -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    survey = outcomes.in_progress(db, patient_id=patient.id)
    if survey is None:
        return redirect(url_for("progress.outcomes_start"))
    missing = outcomes.next_question(survey.answers)
    if missing is not None:
        return redirect(url_for("progress.outcome_question", question=missing))
    form = NhsForm()  # only the CSRF token
    if form.validate_on_submit():
        outcomes.complete(db, patient=patient, survey=survey)
        return redirect(url_for("progress.outcomes_done"))
    return render_template(
        "progress/outcomes/check.jinja", survey=survey, questions=outcomes.applicable(survey.answers), form=form
    )


@bp.get("/outcomes/done")
@patient_only
def outcomes_done() -> str:
    return render_template("progress/outcomes/done.jinja")
