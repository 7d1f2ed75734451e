"""What staff see of a patient's progress, and a clinician marking a score "after treatment".

Viewing is audited by the patient record page that shows the section.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from sqlmodel import Session
from werkzeug.wrappers import Response

from patient_app import audit
from patient_app.access import Role, staff_only
from patient_app.db import get_session
from patient_app.forms import NhsForm
from patient_app.identity import signed_in_staff
from patient_app.models import Patient
from patient_app.progress import pain, report
from patient_app.progress.blueprint import staff_bp

RECENT = 5


def staff_section(db: Session, patient: Any) -> dict[str, Any] | None:
    data = report.build(db, patient_id=patient.id)
    return {
        "title": _("Goals, pain and activities"),
        "template": "progress/staff-section.jinja",
        "progress": data,
        "recent_pains": list(reversed(data.pains[-RECENT:])),
        "progress_form": NhsForm(),
    }


@staff_bp.post("/<uuid:patient_id>/pain/<uuid:entry_id>/after-treatment")
@staff_only(Role.CLINICIAN)
def mark_after_treatment(patient_id: uuid.UUID, entry_id: uuid.UUID) -> Response:
    db = get_session()
    patient = db.get(Patient, patient_id)
    entry = pain.find_entry(db, patient_id=patient_id, entry_id=entry_id) if patient else None
    if patient is None or patient.deleted_at is not None or entry is None:
        abort(404)
    form = NhsForm()
    if not form.validate_on_submit():
        abort(400)
    staff = signed_in_staff()
    pain.mark_treatment_point(db, patient=patient, pain=entry, point="after", marked_by=f"staff:{staff.id}")
    audit.record(db, action="staff.marked_after_treatment", patient_id=patient.id, subject=str(entry.id))
    db.commit()
    flash(_("Pain score marked as after treatment."))
    return redirect(url_for("patients.record", patient_id=patient.id))
