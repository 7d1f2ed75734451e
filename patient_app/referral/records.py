"""Referrals after sending: the patient's own list and timeline, and the staff views."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, render_template, request
from sqlmodel import col, select

from patient_app import audit
from patient_app.access import Role, patient_only, staff_only
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.models import Referral, ReferralEvent
from patient_app.referral.summary import check_answers_sections

bp = Blueprint("referral_records", __name__)
STAFF_PAGE_SIZE = 50
DISPOSITIONS = ("urgent-msk", "routine-msk", "self-management")


def _timeline(referral: Referral) -> list[ReferralEvent]:
    return list(
        get_session().exec(
            select(ReferralEvent)
            .where(ReferralEvent.referral_id == referral.id)
            .order_by(col(ReferralEvent.occurred_at), col(ReferralEvent.id))
        )
    )


@bp.get("/my-referrals")
@patient_only
def my_referrals() -> str:
    patient = signed_in_patient()
    referrals = get_session().exec(
        select(Referral).where(Referral.patient_id == patient.id).order_by(col(Referral.submitted_at).desc())
    )
    return render_template("referral/my-referrals.jinja", referrals=list(referrals))


@bp.get("/my-referrals/<uuid:referral_id>")
@patient_only
def my_referral(referral_id: uuid.UUID) -> str:
    referral = get_session().get(Referral, referral_id)
    # Someone else's referral answers exactly like one that does not exist.
    if referral is None or referral.patient_id != signed_in_patient().id:
        abort(404)
    return render_template("referral/my-referral.jinja", referral=referral, events=_timeline(referral))


@bp.get("/staff/referrals")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def staff_list() -> str:
    disposition = request.args.get("disposition", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    statement = select(Referral).order_by(col(Referral.submitted_at).desc())
    if disposition in DISPOSITIONS:
        statement = statement.where(Referral.disposition == disposition)
    rows = list(get_session().exec(statement.offset((page - 1) * STAFF_PAGE_SIZE).limit(STAFF_PAGE_SIZE + 1)))
    return render_template(
        "referral/staff/list.jinja",
        referrals=rows[:STAFF_PAGE_SIZE],
        disposition=disposition,
        dispositions=DISPOSITIONS,
        page=page,
        has_next=len(rows) > STAFF_PAGE_SIZE,
    )


@bp.get("/staff/referrals/<uuid:referral_id>")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def staff_detail(referral_id: uuid.UUID) -> str:
    db = get_session()
    referral = db.get(Referral, referral_id)
    if referral is None:
        abort(404)
    audit.record_now(db, action="staff.viewed_referral", patient_id=referral.patient_id, subject=referral.reference)
    context = current_app.extensions["referral_context"]
    return render_template(
        "referral/staff/detail.jinja",
        referral=referral,
        sections=check_answers_sections(context, referral.answers, links=False),
        events=_timeline(referral),
        services=context.rules.services,
    )
