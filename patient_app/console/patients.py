"""Finding a patient, and their record page: the place journeys add staff context to.

Every opening of a record is audited (who, which patient, when, from where).
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, render_template, request

from patient_app import audit
from patient_app.access import Role, staff_only
from patient_app.console import patient_search
from patient_app.db import get_session
from patient_app.hooks import staff_patient_sections
from patient_app.models import Patient

bp = Blueprint("patients", __name__, url_prefix="/staff/patients")


@bp.get("/")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def search() -> str:
    query = request.args.get("q", "").strip()
    found = patient_search.Found()
    if query:
        db = get_session()
        found = patient_search.find(db, query)
        audit.record_now(db, action="staff.searched_patients", subject=f"{len(found)} results")
    return render_template("console/patients/search.jinja", query=query, found=found)


@bp.get("/<uuid:patient_id>")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def record(patient_id: uuid.UUID) -> str:
    db = get_session()
    patient = db.get(Patient, patient_id)
    if patient is None or patient.deleted_at is not None:
        abort(404)
    audit.record_now(db, action="staff.viewed_patient", patient_id=patient.id)
    return render_template(
        "console/patients/record.jinja", patient=patient, sections=staff_patient_sections(db, patient)
    )
