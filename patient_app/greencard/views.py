"""The patient's own green cards: the card page and its PDFs (wallet card and letter)."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext as _

from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.greencard import cards
from patient_app.identity import signed_in_patient
from patient_app.models import GreenCard, Referral
from patient_app.pdf import render_pdf

bp = Blueprint("greencard", __name__, url_prefix="/my-green-card")


def _own(card_id: uuid.UUID) -> GreenCard:
    card = cards.patient_card(get_session(), signed_in_patient(), card_id)
    if card is None:
        abort(404)
    return card


@bp.get("/")
@patient_only
def index() -> str:
    db = get_session()
    own = cards.patient_cards(db, signed_in_patient())
    checks = {card.id: cards.check(db, card) for card in own}
    return render_template("greencard/index.jinja", own_cards=own, checks=checks)


@bp.get("/<uuid:card_id>")
@patient_only
def card(card_id: uuid.UUID) -> str:
    found = _own(card_id)
    return render_template("greencard/card.jinja", green_card=found, check=cards.check(get_session(), found))


def pdf_response(card: GreenCard, kind: str) -> Response:
    """The wallet card or the letter; the letter is also what staff post or email to a guest."""
    settings = current_app.extensions["settings"]
    original = get_session().get(Referral, card.referral_id)
    template = "pdf/green-card.jinja" if kind == "card" else "pdf/green-card-letter.jinja"
    body = render_pdf(
        template,
        green_card=card,
        original=original,
        service_name=settings.service_name,
        service_phone=settings.service_phone,
        pdf_title=_("Your green card"),
    )
    name = "green-card.pdf" if kind == "card" else "green-card-letter.pdf"
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/<uuid:card_id>/card.pdf")
@patient_only
def card_pdf(card_id: uuid.UUID) -> Response:
    return pdf_response(_own(card_id), "card")


@bp.get("/<uuid:card_id>/letter.pdf")
@patient_only
def letter_pdf(card_id: uuid.UUID) -> Response:
    return pdf_response(_own(card_id), "letter")
