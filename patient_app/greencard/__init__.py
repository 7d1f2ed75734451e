"""Green cards (patient-initiated follow-up): issuing, the patient's card, using it to come back.

`init_app` registers the blueprints and plugs the journey into the shared
hooks: the account panel, the staff record section, the hub's discharge event
and the reminder command.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlmodel import Session, col, select

from patient_app import clock, hooks
from patient_app.content.library import Problem
from patient_app.db import get_session
from patient_app.greencard import cards, reaccess, reminders, staff_views, use_views, views
from patient_app.identity import signed_in_patient
from patient_app.models import GreenCard, Patient, Referral
from patient_app.questionnaires import definition
from patient_app.triage import rules

greencard_cli = AppGroup("greencard", help="Green cards: reminders before they end.")


@greencard_cli.command("remind")
@click.option("--days", type=int, default=None, help="Cards ending within this many days (default from settings).")
def remind(days: int | None) -> None:
    settings = current_app.extensions["settings"]
    within = settings.green_card_reminder_days if days is None else days
    sent = reminders.send_reminders(get_session(), settings=settings, within_days=within)
    click.echo(f"Reminded {sent} green card(s) ending within {within} days.")


def _account_panel() -> dict[str, Any]:
    db = get_session()
    own = cards.patient_cards(db, signed_in_patient())
    today = clock.london_today()
    # Ended and cancelled cards are listed on the card page, not offered here.
    current = [card for card in own if cards.check(db, card, today=today).reason not in ("expired", "revoked")]
    return {"cards": own, "usable": current}


def _staff_section(db: Session, patient: Patient) -> dict[str, Any]:
    own = list(db.exec(select(GreenCard).where(GreenCard.patient_id == patient.id)))
    with_card = {card.referral_id for card in own}
    referrals = db.exec(
        select(Referral)
        .where(Referral.patient_id == patient.id, Referral.kind == "self-referral")
        .order_by(col(Referral.submitted_at).desc())
    )
    return {
        "title": "Green cards",
        "template": "greencard/staff/section.jinja",
        "cards": own,
        "without_card": [referral for referral in referrals if referral.id not in with_card],
    }


def _side_label(side: str | None) -> str:
    labels = {"left": _("left"), "right": _("right"), "both": _("both sides")}
    return labels.get(side or "", "")


def _card_follows_referral(db: Session, referral: Any) -> None:
    cards.attach_to_patient(db, referral=referral)


def _content_problems() -> list[Problem]:
    try:
        definition.green_card()
    except (definition.QuestionnaireError, KeyError, OSError) as exc:
        return [Problem("questionnaires/green-card.yaml", str(exc))]
    return []


def init_app(app: Flask) -> None:
    settings = app.extensions["settings"]
    self_referral = definition.self_referral()
    ruleset = rules.load(questionnaire=self_referral)
    app.extensions["green_card_context"] = reaccess.Context(
        questionnaire=definition.green_card(),
        rules=ruleset,
        strings_path=settings.licensed_strings_path,
        services=ruleset.services,
        priority=settings.green_card_priority,
        target_days=settings.green_card_target_days,
    )
    app.register_blueprint(views.bp)
    app.register_blueprint(use_views.bp)
    app.register_blueprint(staff_views.bp)
    hooks.add_account_panel(app, "greencard/account-panel.jinja")
    hooks.add_staff_patient_section(app, _staff_section)
    hooks.on_green_card_from_hub(app, cards.issue_from_hub)
    hooks.on_referral_submitted(app, _card_follows_referral)
    app.extensions.setdefault("content_checkers", []).append(_content_problems)
    app.jinja_env.globals["green_card_account_panel"] = _account_panel
    app.jinja_env.globals["green_card_side"] = _side_label
    app.cli.add_command(greencard_cli)
