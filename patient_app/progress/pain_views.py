"""Recording a pain score (VAS with an enhanced control, or NRS radios) and marking treatment points."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import clock
from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.progress import pain, reminders
from patient_app.progress.blueprint import bp
from patient_app.progress.forms import NrsForm, TreatmentPointForm, VasForm

FORMS = {"vas": VasForm, "nrs": NrsForm}


def _moment(day: date) -> datetime:
    """Today's score is now; a score for an earlier day is placed at midday on that day."""
    if day == clock.london_today():
        return clock.now()
    return datetime.combine(day, time(12), tzinfo=clock.LONDON)


@bp.route("/pain/<any(vas, nrs):scale>", methods=["GET", "POST"])
@patient_only
def record_pain(scale: str) -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    form = FORMS[scale](data={"recorded_on": clock.london_today()})
    if form.validate_on_submit():
        pain.record_pain(
            db, patient=patient, scale=scale, score=int(form.score.data), recorded_at=_moment(form.recorded_on.data)
        )
        prefs = reminders.preferences(db, patient_id=patient.id)
        if prefs.pain_scale != scale:
            prefs.pain_scale = scale
            db.add(prefs)
            db.commit()
        flash(_("Your pain score has been saved."))
        return redirect(url_for("progress.overview"))
    return render_template(f"progress/pain-{scale}.jinja", form=form)


@bp.get("/pain/new")
@patient_only
def new_pain() -> Response:
    """The scale the patient used last time (VAS to begin with)."""
    prefs = reminders.preferences(get_session(), patient_id=signed_in_patient().id)
    return redirect(url_for("progress.record_pain", scale=prefs.pain_scale))


@bp.route("/pain/<uuid:entry_id>/treatment", methods=["GET", "POST"])
@patient_only
def mark_pain(entry_id: uuid.UUID) -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    entry = pain.find_entry(db, patient_id=patient.id, entry_id=entry_id)
    if entry is None:
        abort(404)
    form = TreatmentPointForm(data={"point": entry.treatment_point or "none"})
    if form.validate_on_submit():
        point = None if form.point.data == "none" else form.point.data
        pain.mark_treatment_point(db, patient=patient, pain=entry, point=point, marked_by="patient")
        db.commit()
        flash(_("Your pain score has been updated."))
        return redirect(url_for("progress.pain_history"))
    return render_template("progress/mark-pain.jinja", form=form, entry=entry)
