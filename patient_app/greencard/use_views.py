"""Using a green card: find the card, check it can be used, the questions, send.

The card being used is held in the browser session (for a guest, only after
the code and date of birth matched) and in the draft; every page checks both
agree, so a card id typed into a form or an address is never trusted.
"""

from __future__ import annotations

import hashlib
import uuid

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import audit, codes, drafts
from patient_app.access import patient_only, public
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import NhsForm, add_error, choices, entered
from patient_app.greencard import cards, reaccess
from patient_app.greencard.forms import ChooseCardForm, CodeForm, SameProblemForm
from patient_app.identity import signed_in_patient
from patient_app.models import Draft, GreenCard, Patient, Referral
from patient_app.questionnaires import journey
from patient_app.referral import service as referral_service
from patient_app.referral.summary import check_answers_sections

bp = Blueprint("greencard_use", __name__, url_prefix="/use-green-card")
KIND = "green-card"
SESSION_KEY = "green_card"
OUTCOMES = ("expired", "revoked", "open-request", "not-yet", "different-problem")


def context() -> reaccess.Context:
    ctx: reaccess.Context = current_app.extensions["green_card_context"]
    return ctx


def _journey() -> journey.Journey:
    return journey.Journey(
        questionnaire=context().questionnaire,
        strings_path=context().strings_path,
        question_endpoint="greencard_use.question",
        check_endpoint="greencard_use.check_answers",
        start_url=lambda: url_for("greencard_use.same_problem"),
    )


def _patient() -> Patient | None:
    try:
        return signed_in_patient()
    except PermissionError:
        return None


def _session_card() -> GreenCard | None:
    raw = session.get(SESSION_KEY)
    try:
        return get_session().get(GreenCard, uuid.UUID(raw)) if raw else None
    except ValueError:
        return None


def _draft_for(card: GreenCard) -> Draft | None:
    patient = _patient()
    draft = drafts.current(get_session(), kind=KIND, patient_id=patient.id if patient else None)
    if draft is None or reaccess.card_of(get_session(), draft) != card:
        return None
    return draft


def _use(card: GreenCard) -> Response:
    session[SESSION_KEY] = str(card.id)
    drafts.forget(KIND)
    return redirect(url_for("greencard_use.checked"))


# --- Finding the card -------------------------------------------------------------


@bp.get("/")
@public
def start() -> str:
    patient = _patient()
    own = cards.patient_cards(get_session(), patient) if patient else []
    return render_template("greencard/use-start.jinja", own_cards=own)


@bp.route("/choose", methods=["GET", "POST"])
@patient_only
def choose() -> Response | str:
    db = get_session()
    own = cards.patient_cards(db, signed_in_patient())
    if not own:
        return redirect(url_for("greencard_use.find"))
    form = ChooseCardForm()
    # Only the patient's own cards are choices: any other id fails validation.
    form.card.choices = choices(
        (
            str(card.id),
            _(
                "%(condition)s, valid until %(date)s",
                condition=card.condition,
                date=format_date(card.valid_until, "d MMMM yyyy"),
            ),
        )
        for card in own
    )
    if form.validate_on_submit():
        card = cards.patient_card(db, signed_in_patient(), uuid.UUID(form.card.data))
        if card is None:
            abort(404)
        return _use(card)
    return render_template("greencard/choose.jinja", form=form, own_cards=own)


def _per_card_key() -> str:
    """Limits guesses at one code from many addresses, without keeping the code itself."""
    typed = codes.normalise(request.form.get("code", ""))
    return "green-card:" + hashlib.sha256(typed.encode()).hexdigest()[:16]


@bp.route("/find", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute;30 per hour", methods=["POST"])
@limiter.limit("5 per 15 minutes", key_func=_per_card_key, methods=["POST"])
def find() -> Response | str:
    form = CodeForm()
    if form.validate_on_submit() and form.date_of_birth.data is not None:
        db = get_session()
        card = cards.find_by_code(db, code=entered(form.code), date_of_birth=form.date_of_birth.data)
        audit.record_now(
            db,
            action="green_card.code_tried",
            patient_id=card.patient_id if card else None,
            subject=str(card.id) if card else None,
            matched=card is not None,
        )
        if card is not None:
            return _use(card)
        # The same words whether the code or the date of birth was wrong: nothing says which.
        add_error(form.code, _("The code and date of birth do not match a green card. Check them and try again"))
    return render_template("greencard/find.jinja", form=form)


@bp.get("/checked")
@public
def checked() -> Response:
    card = _session_card()
    if card is None:
        return redirect(url_for("greencard_use.start"))
    result = cards.check(get_session(), card)
    if not result.usable:
        return redirect(url_for("greencard_use.cannot_use", reason=result.reason))
    return redirect(url_for("greencard_use.same_problem"))


@bp.get("/cannot-use/<reason>")
@public
def cannot_use(reason: str) -> str:
    if reason not in OUTCOMES:
        abort(404)
    card = _session_card()
    if card is None and reason != "different-problem":
        abort(404)
    open_request = cards.open_reaccess(get_session(), card) if card else None
    return render_template("greencard/cannot-use.jinja", reason=reason, green_card=card, open_request=open_request)


@bp.route("/same-problem", methods=["GET", "POST"])
@public
def same_problem() -> Response | str:
    card = _session_card()
    if card is None:
        return redirect(url_for("greencard_use.start"))
    if not cards.check(get_session(), card).usable:
        return redirect(url_for("greencard_use.checked"))
    form = SameProblemForm()
    if form.validate_on_submit():
        if form.answer.data == "no":
            return redirect(url_for("greencard_use.cannot_use", reason="different-problem"))
        db = get_session()
        draft = _draft_for(card)
        if draft is None or draft.submitted_at is not None:
            patient = _patient()
            draft = drafts.start(db, kind=KIND, patient_id=patient.id if patient else None)
            drafts.save(db, draft, {reaccess.CARD_KEY: str(card.id), **_prefill(card)})
        return redirect(_journey().next_url(draft))
    return render_template("greencard/same-problem.jinja", form=form, green_card=card)


def _prefill(card: GreenCard) -> dict[str, str]:
    original = get_session().get(Referral, card.referral_id)
    if original is None:
        return {}
    known = {"phone": original.mobile or "", "email": original.email or ""}
    return {key: value for key, value in known.items() if value}


# --- The questions ----------------------------------------------------------------


def _open_draft() -> tuple[GreenCard, Draft] | Response:
    card = _session_card()
    draft = _draft_for(card) if card else None
    if card is None or draft is None:
        return redirect(url_for("greencard_use.start"))
    if draft.submitted_at is not None:
        return redirect(url_for("greencard_use.sent"))
    return card, draft


def _stop_at_red_flag(draft: Draft) -> Response | None:
    """The same emergency pages as the self-referral, and the same alert to the team."""
    outcome = reaccess.red_flag(context(), draft.answers)
    if outcome is None or not outcome.advice:
        return None
    referral_service.record_red_flag(
        get_session(), draft=draft, outcome=outcome, answers=draft.answers, patient=_patient()
    )
    return redirect(url_for("referral.get_help", advice=outcome.advice))


@bp.route("/q/<path:slug>", methods=["GET", "POST"])
@public
def question(slug: str) -> Response | str:
    opened = _open_draft()
    if isinstance(opened, Response):
        return opened
    return journey.question_page(_journey(), opened[1], slug, stop=_stop_at_red_flag)


@bp.route("/check-answers", methods=["GET", "POST"])
@public
def check_answers() -> Response | str:
    opened = _open_draft()
    if isinstance(opened, Response):
        return opened
    card, draft = opened
    stopped = _stop_at_red_flag(draft)
    if stopped is not None:
        return stopped
    if not cards.check(get_session(), card).usable:
        return redirect(url_for("greencard_use.checked"))
    missing = _journey().next_url(draft)
    if missing != url_for("greencard_use.check_answers"):
        return redirect(missing)
    form = NhsForm()
    if form.validate_on_submit():
        request_made = reaccess.submit(get_session(), draft=draft, context=context())
        session["green_card_request"] = str(request_made.id)
        return redirect(url_for("greencard_use.sent"))
    sections = check_answers_sections(
        context(), _journey().current_answers(draft), question_endpoint="greencard_use.question"
    )
    return render_template("greencard/check-answers.jinja", form=form, green_card=card, sections=sections)


@bp.get("/sent")
@public
def sent() -> str:
    raw = session.get("green_card_request")
    request_made = get_session().get(Referral, uuid.UUID(raw)) if raw else None
    if request_made is None:
        abort(404)
    card = get_session().get(GreenCard, request_made.green_card_id) if request_made.green_card_id else None
    settings = current_app.extensions["settings"]
    return render_template("greencard/sent.jinja", request_made=request_made, green_card=card, settings=settings)
