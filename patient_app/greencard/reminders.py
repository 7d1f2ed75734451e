"""Telling patients their green card ends soon: once per card, in the app and by email.

The email says only that the card ends and on which day: no condition, no
clinical detail (mail.py). The in-app notice is the card's `reminder_sent_at`,
shown on the account panel and the card page until the card ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from patient_app import clock, mail
from patient_app.models import GreenCard, Patient, Referral
from patient_app.settings import Settings


def due(db: Session, *, today: date, within_days: int) -> list[GreenCard]:
    return list(
        db.exec(
            select(GreenCard).where(
                GreenCard.status == "active",
                col(GreenCard.reminder_sent_at).is_(None),
                col(GreenCard.valid_until) >= today,
                col(GreenCard.valid_until) <= today + timedelta(days=within_days),
            )
        )
    )


def _email_for(db: Session, card: GreenCard) -> str | None:
    if card.patient_id is not None:
        patient = db.get(Patient, card.patient_id)
        if patient is not None and patient.deleted_at is None:
            return patient.email
    referral = db.get(Referral, card.referral_id)
    return referral.email if referral else None


def send_reminders(db: Session, *, settings: Settings, within_days: int) -> int:
    """Marks each due card reminded (committed per card, so a crash never sends twice) and emails it."""
    sent = 0
    for card in due(db, today=clock.london_today(), within_days=within_days):
        card.reminder_sent_at = clock.now()
        db.add(card)
        db.commit()
        address = _email_for(db, card)
        if address:
            mail.send(
                settings,
                mail.Mail(
                    to=address,
                    subject=f"Your {settings.service_name} green card ends soon",
                    body=(
                        f"Your green card from the {settings.service_name} ends on "
                        f"{card.valid_until:%-d %B %Y}.\n\n"
                        "Until then, you can use it to come back to us without seeing your GP. "
                        "Sign in to the app, or use the code on your card.\n\n"
                        f"If you need help, call us on {settings.service_phone}."
                    ),
                ),
            )
        sent += 1
    return sent
