"""What the app does with each event from the hub: a timeline line, and the referral's status.

Registered with `hooks.on_hub_event` for every type but `message.created`,
which the messages journey handles. A type with no handler still gets its
timeline line (`record`), so an event is never dropped.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, col, select

from patient_app import clock, hooks
from patient_app.hub.inbound import occurred_at
from patient_app.models import Referral, ReferralEvent

# The referral's status after each event, if it is the latest news.
STATUS_AFTER = {
    "referral.received": "received",
    "referral.triaged": "triaged",
    "appointment.booked": "booked",
    "appointment.cancelled": "awaiting-booking",
    "referral.discharged": "discharged",
}


def record(db: Session, event: dict[str, Any], referral: Referral) -> ReferralEvent:
    line = ReferralEvent(
        referral_id=referral.id,
        event_type=event["type"],
        occurred_at=occurred_at(event),
        detail=dict(event.get("data") or {}),
        hub_event_id=event["id"],
        recorded_at=clock.now(),
    )
    db.add(line)
    return line


def _latest_status_change(db: Session, referral: Referral) -> Any:
    return db.exec(
        select(func.max(ReferralEvent.occurred_at)).where(
            ReferralEvent.referral_id == referral.id,
            col(ReferralEvent.event_type).in_(STATUS_AFTER),
            col(ReferralEvent.hub_event_id).is_not(None),
        )
    ).one()


def update_status(db: Session, event: dict[str, Any], referral: Referral) -> None:
    """Record the event; move the status on unless newer news already arrived (events can come out of order)."""
    latest = _latest_status_change(db, referral)
    line = record(db, event, referral)
    if latest is None or line.occurred_at >= latest:
        referral.status = STATUS_AFTER[event["type"]]
        db.add(referral)


def discharged(db: Session, event: dict[str, Any], referral: Referral) -> None:
    update_status(db, event, referral)
    card = (event.get("data") or {}).get("green_card")
    if card:
        # Stored in the event's detail either way; the green card journey makes the card.
        hooks.run_green_card_from_hub(db, referral, card, occurred_at(event))


def register(app: Flask) -> None:
    for event_type in STATUS_AFTER:
        hooks.on_hub_event(app, event_type, discharged if event_type == "referral.discharged" else update_status)
