"""Referrals after sending: the patient's own list and timeline, and the staff views."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, render_template, request
from sqlmodel import col, select

from patient_app import audit
from patient_app.access import Role, patient_only, staff_only
from patient_app.csv_export import csv_response
from patient_app.db import get_session
from patient_app.identity import signed_in_patient
from patient_app.models import Referral, ReferralEvent
from patient_app.referral import worklist
from patient_app.referral.summary import check_answers_sections

bp = Blueprint("referral_records", __name__)


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
    filters = worklist.Filters.from_args(request.args)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = worklist.rows(get_session(), filters, page=page)
    return render_template(
        "referral/staff/list.jinja",
        rows=rows[: worklist.PAGE_SIZE],
        filters=filters,
        dispositions=worklist.DISPOSITIONS,
        statuses=worklist.STATUSES,
        page=page,
        has_next=len(rows) > worklist.PAGE_SIZE,
    )


@bp.get("/staff/referrals.csv")
@staff_only(Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
def staff_list_csv() -> Response:
    db = get_session()
    filters = worklist.Filters.from_args(request.args)
    rows = worklist.all_rows(db, filters)
    # A download of patients' names leaves the app: who took it, and which list, is recorded.
    audit.record_now(
        db, action="staff.exported_referrals", subject=f"referrals: {len(rows)}", filters=filters.as_args()
    )
    header = [
        "reference",
        "sent",
        "name",
        "body_area",
        "disposition",
        "priority",
        "status",
        "days_waiting",
        "promise_days",
    ]
    return csv_response(
        "referrals.csv",
        header,
        (
            [
                row.referral.reference,
                row.referral.submitted_at.isoformat(),
                row.name,
                row.referral.body_area,
                row.referral.disposition,
                row.referral.priority,
                row.referral.status,
                "" if row.days_waiting is None else row.days_waiting,
                row.promise_days,
            ]
            for row in rows
        ),
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
