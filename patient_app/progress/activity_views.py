"""Re-rating the PSFS activities named at referral."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.progress import psfs
from patient_app.progress.blueprint import bp
from patient_app.progress.episode import current_episode
from patient_app.progress.forms import psfs_form


@bp.route("/activities", methods=["GET", "POST"])
@patient_only
def rate_activities() -> Response | str:
    db = get_session()
    patient = signed_in_patient()
    activities = psfs.activities(current_episode(db, patient_id=patient.id), psfs.occasions(db, patient_id=patient.id))
    form = psfs_form(activities, request.form if request.method == "POST" else None)
    if activities and form.validate_on_submit():
        scores = [(activity, int(getattr(form, f"activity_{i}").data)) for i, activity in enumerate(activities)]
        psfs.rate(db, patient=patient, scores=scores)
        flash(_("Your activity scores have been saved."))
        return redirect(url_for("progress.overview"))
    fields = [getattr(form, f"activity_{i}") for i in range(len(activities))]
    return render_template("progress/activities.jinja", form=form, fields=fields)
