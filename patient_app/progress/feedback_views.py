"""The Friends and Family Test page, reachable after discharge or from a closed message thread.

Other journeys link to it with `feedback_url(...)`, e.g. the messages journey:
`feedback_url(context="message", thread_id=thread.id)` →
`/feedback?context=message&thread=<id>`.
"""

from __future__ import annotations

import uuid

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.progress import feedback
from patient_app.progress.blueprint import feedback_bp
from patient_app.progress.episode import current_episode
from patient_app.progress.outcome_forms import FeedbackForm


def feedback_url(*, context: str = "service", thread_id: uuid.UUID | str | None = None) -> str:
    if context not in feedback.CONTEXTS:
        raise ValueError(f"unknown feedback context {context!r}")
    if context == "message":
        return url_for("feedback.give", context=context, thread=str(thread_id))
    return url_for("feedback.give", context=context)


def _context() -> tuple[str, str | None]:
    """Which discharge or thread the feedback is about; anything unrecognised is a 404."""
    context = request.args.get("context", "service")
    if context not in feedback.CONTEXTS:
        abort(404)
    if context == "message":
        try:
            return context, str(uuid.UUID(request.args.get("thread", "")))
        except ValueError:
            abort(404)
    if context == "discharge":
        episode = current_episode(get_session(), patient_id=signed_in_patient().id)
        if episode.discharged_referral_id is None:
            return "service", None
        return context, str(episode.discharged_referral_id)
    return context, None


@feedback_bp.route("", methods=["GET", "POST"])
@patient_only
def give() -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    context, context_id = _context()
    if feedback.existing(db, patient_id=patient.id, context=context, context_id=context_id) is not None:
        return render_template("progress/feedback/already.jinja")
    form = FeedbackForm()
    if form.validate_on_submit():
        feedback.record(
            db,
            patient=patient,
            context=context,
            context_id=context_id,
            rating=form.rating.data,
            comment=form.comment.data,
        )
        return redirect(url_for("feedback.thanks"))
    return render_template("progress/feedback/give.jinja", form=form, context=context)


@feedback_bp.get("/thanks")
@patient_only
def thanks() -> str:
    return render_template("progress/feedback/thanks.jinja")
