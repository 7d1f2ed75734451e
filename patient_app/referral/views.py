"""The self-referral journey: emergency screen first, one question per page, check, send."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from patient_app import drafts
from patient_app.access import public
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import NhsForm, TextField, add_error, entered
from patient_app.forms.validators import required
from patient_app.identity import signed_in_patient
from patient_app.models import Draft, Patient, Referral
from patient_app.questionnaires import flow, journey
from patient_app.referral import service
from patient_app.referral.summary import check_answers_sections
from patient_app.triage import engine

bp = Blueprint("referral", __name__)
KIND = "self-referral"


def context() -> service.Context:
    ctx: service.Context = current_app.extensions["referral_context"]
    return ctx


def _patient() -> Patient | None:
    try:
        return signed_in_patient()
    except PermissionError:
        return None


def _draft() -> Draft | None:
    patient = _patient()
    return drafts.current(get_session(), kind=KIND, patient_id=patient.id if patient else None)


def _journey() -> journey.Journey:
    return journey.Journey(
        questionnaire=context().questionnaire,
        strings_path=context().strings_path,
        question_endpoint="referral.question",
        check_endpoint="referral.check",
        start_url=lambda: url_for("referral.start"),
        save_endpoint="referral.save_for_later",
    )


def _pages(answers: dict[str, Any]) -> list[flow.Page]:
    return _journey().pages(answers)


def _page_url(page: flow.Page | None, **params: Any) -> str:
    return _journey().page_url(page, **params)


def _stop_if_early_outcome(draft: Draft) -> Response | None:
    """Red flags and redirects end the questionnaire at once, whatever page was asked for."""
    answers = draft.answers
    outcome = engine.early_outcome(context().rules, answers, facts=context().facts(answers))
    if outcome is None:
        return None
    if outcome.advice:
        service.record_red_flag(get_session(), draft=draft, outcome=outcome, answers=answers, patient=_patient())
        return redirect(url_for("referral.get_help", advice=outcome.advice))
    return redirect(url_for("referral.not_for_us", reason=outcome.redirect))


@bp.get("/self-referral")
@public
def start() -> str:
    draft = _draft()
    return render_template("referral/start.jinja", has_draft=draft is not None and draft.submitted_at is None)


@bp.post("/self-referral/start")
@public
def begin() -> Response:
    db = get_session()
    patient = _patient()
    draft = drafts.start(db, kind=KIND, patient_id=patient.id if patient else None)
    if patient is not None:
        drafts.save(db, draft, service.prefill(patient))
    return redirect(_page_url(flow.first_unanswered(_pages(draft.answers), draft.answers)))


@bp.route("/self-referral/q/<path:slug>", methods=["GET", "POST"])
@public
def question(slug: str) -> Response | str:
    draft = _draft()
    if draft is None:
        return redirect(url_for("referral.start"))
    if draft.submitted_at is not None:
        return redirect(url_for("referral.confirmation"))
    return journey.question_page(_journey(), draft, slug, stop=_stop_if_early_outcome)


@bp.route("/self-referral/check", methods=["GET", "POST"])
@public
def check() -> Response | str:
    draft = _draft()
    if draft is None:
        return redirect(url_for("referral.start"))
    if draft.submitted_at is not None:
        return redirect(url_for("referral.confirmation"))
    stopped = _stop_if_early_outcome(draft)
    if stopped is not None:
        return stopped
    missing = flow.first_unanswered(_pages(draft.answers), draft.answers)
    if missing is not None:
        return redirect(_page_url(missing))
    form = NhsForm()
    if form.validate_on_submit():
        referral = service.submit(get_session(), draft=draft, context=context(), patient=_patient())
        # The draft stays remembered: a second tap or the back button finds it
        # submitted and shows the same confirmation.
        session["submitted_referral"] = str(referral.id)
        return redirect(url_for("referral.confirmation"))
    answers = flow.current_answers(context().questionnaire, draft.answers, strings_path=context().strings_path)
    return render_template("referral/check.jinja", form=form, sections=check_answers_sections(context(), answers))


@bp.get("/self-referral/confirmation")
@public
def confirmation() -> str:
    raw = session.get("submitted_referral")
    referral = get_session().get(Referral, uuid.UUID(raw)) if raw else None
    if referral is None:
        abort(404)
    settings = current_app.extensions["settings"]
    return render_template(
        "referral/confirmation.jinja",
        referral=referral,
        referred_service=context().rules.services.get(referral.service or "", ""),
        settings=settings,
    )


# --- Saving and resuming ----------------------------------------------------------


@bp.route("/self-referral/save", methods=["GET", "POST"])
@public
def save_for_later() -> Response | str:
    draft = _draft()
    if draft is None:
        return redirect(url_for("referral.start"))
    form = NhsForm()
    if form.validate_on_submit():
        code = drafts.issue_resume_code(get_session(), draft)
        return render_template("referral/saved.jinja", code=code)
    return render_template("referral/save.jinja", form=form)


class ResumeForm(NhsForm):
    code = TextField(
        _l("Enter your resume code"),
        [required(_l("Enter your resume code"))],
        description=_l("It has 8 letters and numbers, like ACDE-FGHJ"),
        widget_params={"autocomplete": "off", "spellcheck": False, "classes": "nhsuk-input--width-10"},
    )


@bp.route("/self-referral/resume", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def resume() -> Response | str:
    form = ResumeForm()
    if form.validate_on_submit():
        patient = _patient()
        draft = drafts.resume(
            get_session(), kind=KIND, code=entered(form.code), patient_id=patient.id if patient else None
        )
        if draft is not None:
            return redirect(_page_url(flow.first_unanswered(_pages(draft.answers), draft.answers)))
        add_error(form.code, _("We cannot find a referral with that code. Check it and try again"))
    return render_template("referral/resume.jinja", form=form)


# --- Outcome pages ------------------------------------------------------------------


@bp.get("/get-help/<advice>")
@public
def get_help(advice: str) -> str:
    if advice not in ("cauda-equina", "neck-vascular", "fracture", "infection", "cancer", "dvt"):
        abort(404)
    return render_template(f"referral/get-help/{advice}.jinja")


@bp.post("/self-referral/not-for-us/<reason>/change")
@public
def change_answer_behind(reason: str) -> Response:
    """A mistyped answer (a birth year, say) led here: clear it and ask it again."""
    draft = _draft()
    if draft is None:
        return redirect(url_for("referral.start"))
    answers = draft.answers
    outcome = engine.early_outcome(context().rules, answers, facts=context().facts(answers))
    if outcome is not None and outcome.redirect == reason:
        drafts.drop_answers(get_session(), draft, engine.answers_behind(context().rules, outcome))
    return redirect(_journey().next_url(draft))


@bp.get("/self-referral/not-for-us/<reason>")
@public
def not_for_us(reason: str) -> str:
    known = {
        "children",
        "out-of-area",
        "pregnancy",
        "recent-treatment",
        "other-team",
        "neurological",
        "widespread",
        "inflammatory",
    }
    if reason not in known:
        abort(404)
    return render_template("referral/not-for-us.jinja", reason=reason, min_age=context().min_age)
