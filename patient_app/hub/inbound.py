"""Events from the hub: check the envelope, store the event once, hand it to its handler.

The envelope (docs/hub-api.md, patient_app/hooks.py):
  {"id", "type", "occurred_at", "referral": <our referral reference>, "data": {...}}
Everything about one event commits in one transaction: the row that remembers
its id (so a repeat is acknowledged and ignored), the referral's timeline line
and status, and whatever a journey's handler does (a green card, a message).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from patient_app import audit, clock, codes
from patient_app.models import InboundHubEvent, Referral

Handler = Callable[[Session, dict[str, Any], Any], object]
MODES = ("in-person", "phone", "video")
PRIORITIES = ("routine", "urgent", "asap", "stat")
SHORT, LONG = 200, 5000


class Malformed(ValueError):
    """The body is not an event we understand: 400, nothing changed."""


class UnknownReferral(LookupError):
    """No referral has that reference: 404, nothing changed."""


@dataclass(frozen=True)
class HubEvent:
    id: str
    type: str
    occurred_at: datetime
    referral: str
    data: dict[str, Any]
    envelope: dict[str, Any]


# --- Checking the body ---------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, *, required: bool = True, limit: int = SHORT, where: str = "data") -> None:
    value = data.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        raise Malformed(f"{where}.{key} must be a non-empty string")
    if len(value) > limit:
        raise Malformed(f"{where}.{key} is longer than {limit} characters")


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], *, required: bool = True) -> None:
    value = data.get(key)
    if value is None and not required:
        return
    if value not in allowed:
        raise Malformed(f"data.{key} must be one of {', '.join(allowed)}")


def parse_instant(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise Malformed(f"{what} must be an ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Malformed(f"{what} must be an ISO 8601 date and time") from exc
    if moment.tzinfo is None:
        raise Malformed(f"{what} must include a time zone (Z or +00:00)")
    return moment


def occurred_at(event: Mapping[str, Any]) -> datetime:
    """For handlers: the event's time as an aware datetime (already checked)."""
    return parse_instant(event["occurred_at"], "occurred_at")


def _triaged(data: Mapping[str, Any]) -> None:
    _text(data, "outcome")
    _text(data, "service", required=False)
    _choice(data, "priority", PRIORITIES, required=False)


def _booked(data: Mapping[str, Any]) -> None:
    parse_instant(data.get("start"), "data.start")
    _choice(data, "mode", MODES)
    _text(data, "place", required=data.get("mode") == "in-person")
    _text(data, "with_whom", required=False)


def _cancelled(data: Mapping[str, Any]) -> None:
    _text(data, "reason", required=False, limit=LONG)


def _discharged(data: Mapping[str, Any]) -> None:
    card = data.get("green_card")
    if card is None:
        return
    if not isinstance(card, dict):
        raise Malformed("data.green_card must be an object")
    for key in ("body_area", "condition", "clinician"):
        _text(card, key, where="data.green_card")
    _text(card, "side", required=False, where="data.green_card")
    try:
        date.fromisoformat(card.get("valid_until") or "")
    except (TypeError, ValueError) as exc:
        raise Malformed("data.green_card.valid_until must be a date, YYYY-MM-DD") from exc


def _message(data: Mapping[str, Any]) -> None:
    _text(data, "message_id")
    _text(data, "text", limit=LONG)
    author = data.get("author")
    if not isinstance(author, dict):
        raise Malformed("data.author must be an object with name and role")
    _text(author, "name", where="data.author")
    _text(author, "role", where="data.author")


DATA_CHECKS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "referral.received": lambda data: None,
    "referral.triaged": _triaged,
    "appointment.booked": _booked,
    "appointment.cancelled": _cancelled,
    "referral.discharged": _discharged,
    "message.created": _message,
}
EVENT_TYPES = frozenset(DATA_CHECKS)


def parse(body: bytes, *, extra_types: frozenset[str] = frozenset()) -> HubEvent:
    """The envelope and its data, checked; `extra_types` are types a journey registered itself."""
    try:
        envelope = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Malformed("the body is not JSON") from exc
    if not isinstance(envelope, dict):
        raise Malformed("the body must be a JSON object")
    event_id, kind, referral, data = (envelope.get(key) for key in ("id", "type", "referral", "data"))
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 100:
        raise Malformed("id must be a string of 1 to 100 characters")
    if not isinstance(kind, str) or kind not in EVENT_TYPES | extra_types:
        raise Malformed(f"unknown event type {kind!r}")
    if not isinstance(referral, str) or not 0 < len(referral) <= 20:
        raise Malformed("referral must be our referral reference")
    if not isinstance(data, dict):
        raise Malformed("data must be an object")
    moment = parse_instant(envelope.get("occurred_at"), "occurred_at")
    DATA_CHECKS.get(kind, lambda data: None)(data)
    return HubEvent(id=event_id, type=kind, occurred_at=moment, referral=referral, data=data, envelope=envelope)


# --- Storing it ----------------------------------------------------------------


def find_referral(db: Session, reference: str) -> Referral | None:
    return db.exec(select(Referral).where(Referral.reference == codes.normalise(reference))).first()


def receive(db: Session, event: HubEvent, *, handlers: Mapping[str, Handler], fallback: Handler) -> bool:
    """Store and handle the event; False when we already had it (a repeat delivery)."""
    if db.get(InboundHubEvent, event.id) is not None:
        return False
    referral = find_referral(db, event.referral)
    if referral is None:
        raise UnknownReferral(event.referral)
    db.add(InboundHubEvent(id=event.id, event_type=event.type, received_at=clock.now(), referral_id=referral.id))
    try:
        handlers.get(event.type, fallback)(db, event.envelope, referral)
    except ValueError as exc:
        # A journey refused the event's data (a green card out of range, a message
        # for a referral with no account): keep nothing, and tell the hub why.
        db.rollback()
        raise Malformed(f"the event's data was refused: {exc}") from exc
    audit.record(
        db,
        action="hub.event_received",
        patient_id=referral.patient_id,
        subject=referral.reference,
        actor=("system", "hub"),
        event_id=event.id,
        event_type=event.type,
    )
    try:
        db.commit()
    except IntegrityError:
        # The same event arriving twice at once: the other request stored it.
        db.rollback()
        if db.get(InboundHubEvent, event.id) is not None:
            return False
        raise
    return True
