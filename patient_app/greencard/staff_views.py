"""Staff: give a green card at discharge, see it, print its letter, cancel it (audited)."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from patient_app import audit, clock
from patient_app.access import Role, staff_only
from patient_app.db import get_session
from patient_app.forms import choices, entered
from patient_app.greencard import cards
from patient_app.greencard.forms import IssueForm, RevokeForm, validity_label
from patient_app.greencard.views import pdf_response
from patient_app.identity import signed_in_staff
from patient_app.models import GreenCard, Referral

bp = Blueprint("greencard_staff", __name__, url_prefix="/staff")
ISSUERS = (Role.CLINICIAN, Role.ADMIN)


def _card(card_id: uuid.UUID) -> GreenCard:
    card = get_session().get(GreenCard, card_id)
    if card is None:
        abort(404)
    return card


@bp.route("/referrals/<uuid:referral_id>/green-card", methods=["GET", "POST"])
@staff_only(*ISSUERS)
def issue(referral_id: uuid.UUID) -> BaseResponse | str:
    db = get_session()
    referral = db.get(Referral, referral_id)
    if referral is None or referral.kind != "self-referral":
        abort(404)
    existing = cards.for_referral(db, referral.id)
    if existing is not None:
        return redirect(url_for("greencard_staff.detail", card_id=existing.id))
    settings = current_app.extensions["settings"]
    form = IssueForm(
        data={
            "body_area": referral.answers.get("body-area") or referral.body_area,
            "side": referral.side or None,
            "validity": str(settings.green_card_default_months),
        }
    )
    # The service's default validity is always one of the choices, whatever it is set to.
    offered = sorted({*cards.VALIDITY_CHOICES, settings.green_card_default_months})
    form.validity.choices = choices((str(months), validity_label(months)) for months in offered)
    if form.validate_on_submit():
        staff = signed_in_staff().record
        today = clock.london_today()
        card = cards.issue(
            db,
            referral=referral,
            body_area=form.body_area.data,
            side=None if form.side.data == "none" else form.side.data,
            condition=entered(form.condition),
            valid_until=cards.valid_until_for(today, int(form.validity.data)),
            issued_by=staff.name[:120],
            issued_by_staff_id=staff.id,
            note_for_patient=form.note.data or "",
            issued_on=today,
        )
        card = cards.save(db, card)
        return redirect(url_for("greencard_staff.detail", card_id=card.id))
    return render_template("greencard/staff/issue.jinja", form=form, referral=referral)


@bp.get("/green-cards/<uuid:card_id>")
@staff_only(Role.NAVIGATOR, *ISSUERS)
def detail(card_id: uuid.UUID) -> str:
    db = get_session()
    card = _card(card_id)
    audit.record_now(db, action="staff.viewed_green_card", patient_id=card.patient_id, subject=str(card.id))
    referral = db.get(Referral, card.referral_id)
    return render_template(
        "greencard/staff/detail.jinja",
        green_card=card,
        referral=referral,
        check=cards.check(db, card),
        open_request=cards.open_reaccess(db, card),
    )


@bp.get("/green-cards/<uuid:card_id>/letter.pdf")
@staff_only(Role.NAVIGATOR, *ISSUERS)
def letter_pdf(card_id: uuid.UUID) -> Response:
    card = _card(card_id)
    audit.record_now(get_session(), action="staff.printed_green_card", patient_id=card.patient_id, subject=str(card.id))
    return pdf_response(card, "letter")


@bp.route("/green-cards/<uuid:card_id>/revoke", methods=["GET", "POST"])
@staff_only(*ISSUERS)
def revoke(card_id: uuid.UUID) -> BaseResponse | str:
    card = _card(card_id)
    if card.status == "revoked":
        return redirect(url_for("greencard_staff.detail", card_id=card.id))
    form = RevokeForm()
    if form.validate_on_submit():
        cards.revoke(get_session(), card=card, staff_id=signed_in_staff().record.id, reason=entered(form.reason))
        return redirect(url_for("greencard_staff.detail", card_id=card.id))
    return render_template("greencard/staff/revoke.jinja", form=form, green_card=card)
