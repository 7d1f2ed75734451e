"""Finding a patient, and their record page: the place journeys add staff context to.

Every opening of a record is audited (who, which patient, when, from where).
"""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func, or_
from sqlmodel import col, select

from patient_app import audit
from patient_app.access import Role, staff_only
from patient_app.db import get_session
from patient_app.hooks import staff_patient_sections
from patient_app.models import Patient, Referral

bp = Blueprint("patients", __name__, url_prefix="/staff/patients")
SEARCH_LIMIT = 50


@bp.get("/")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def search() -> str:
    query = request.args.get("q", "").strip()
    results: list[Patient] = []
    if query:
        db = get_session()
        digits = re.sub(r"[\s-]", "", query)
        like = f"%{query.lower()}%"
        statement = select(Patient).where(col(Patient.deleted_at).is_(None))
        conditions = [
            func.lower(Patient.email) == query.lower(),
            func.lower(Patient.family_name).like(like),
            func.lower(Patient.given_name + " " + Patient.family_name).like(like),
        ]
        if digits.isdigit():
            conditions.append(col(Patient.nhs_number) == digits)
        referral = db.exec(select(Referral).where(Referral.reference == query.upper().replace(" ", ""))).first()
        if referral is not None and referral.patient_id is not None:
            conditions.append(col(Patient.id) == referral.patient_id)
        results = list(db.exec(statement.where(or_(*conditions)).order_by(Patient.family_name).limit(SEARCH_LIMIT)))
        audit.record_now(db, action="staff.searched_patients", subject=f"{len(results)} results")
    return render_template("console/patients/search.jinja", query=query, results=results)


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
