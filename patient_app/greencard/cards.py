"""Issuing, revoking and checking green cards. No Flask here.

A card's dates are Europe/London calendar dates: it can be used from
`issued_on` to `valid_until`, both days included, whatever the clock change.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from patient_app import audit, clock, codes
from patient_app.models import GreenCard, Patient, Referral, ReferralEvent

MIN_VALIDITY = timedelta(weeks=8)
MAX_VALIDITY_MONTHS = 24
# Validity choices offered to clinicians, in months (0 means 8 weeks).
VALIDITY_CHOICES = (0, 3, 6, 9, 12, 18, 24)
SIDES = ("left", "right", "both")
BODY_AREAS = (
    "neck",
    "shoulder",
    "elbow",
    "wrist-hand",
    "upper-back",
    "lower-back",
    "back",
    "hip",
    "knee",
    "ankle-foot",
)
# A re-access still being dealt with: a second one waits until it is finished.
CLOSED_STATUSES = frozenset({"discharged", "closed", "cancelled"})


class GreenCardError(ValueError):
    """Bad data for a card (from the console or the hub): nothing is saved."""


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def valid_until_for(issued_on: date, months: int) -> date:
    if months == 0:
        return issued_on + MIN_VALIDITY
    return add_months(issued_on, months)


def check_validity(issued_on: date, valid_until: date) -> None:
    if valid_until < issued_on + MIN_VALIDITY:
        raise GreenCardError("a green card must last at least 8 weeks")
    if valid_until > add_months(issued_on, MAX_VALIDITY_MONTHS):
        raise GreenCardError("a green card can last at most 24 months")


# --- Issuing and revoking -----------------------------------------------------------


def for_referral(db: Session, referral_id: uuid.UUID) -> GreenCard | None:
    return db.exec(select(GreenCard).where(GreenCard.referral_id == referral_id)).first()


def _new_code(db: Session) -> str:
    while True:
        code = codes.new_code()
        if db.exec(select(GreenCard.id).where(GreenCard.code == code)).first() is None:
            return code


def issue(
    db: Session,
    *,
    referral: Referral,
    body_area: str,
    side: str | None,
    condition: str,
    valid_until: date,
    issued_by: str,
    issued_by_staff_id: uuid.UUID | None = None,
    note_for_patient: str = "",
    issued_on: date | None = None,
) -> GreenCard:
    """A new card for the referral's episode, added to the caller's transaction (one per referral)."""
    issued_on = issued_on or clock.london_today()
    if body_area not in BODY_AREAS:
        raise GreenCardError(f"unknown body area {body_area!r}")
    if side not in (None, *SIDES):
        raise GreenCardError(f"unknown side {side!r}")
    if not condition.strip() or len(condition) > 120:
        raise GreenCardError("a green card needs a condition of up to 120 characters")
    if not issued_by.strip():
        raise GreenCardError("a green card needs the issuing clinician")
    check_validity(issued_on, valid_until)
    if for_referral(db, referral.id) is not None:
        raise GreenCardError("this referral already has a green card")
    card = GreenCard(
        code=_new_code(db),
        patient_id=referral.patient_id,
        referral_id=referral.id,
        body_area=body_area,
        side=side,
        condition=condition.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
        issued_by=issued_by.strip(),
        issued_by_staff_id=issued_by_staff_id,
        note_for_patient=note_for_patient.strip(),
    )
    db.add(card)
    db.add(
        ReferralEvent(
            referral_id=referral.id,
            event_type="green_card.issued",
            occurred_at=clock.now(),
            detail={"valid_until": valid_until.isoformat()},
        )
    )
    audit.record(db, action="green_card.issued", patient_id=referral.patient_id, subject=referral.reference)
    return card


def _london_date(occurred_at: datetime | str) -> date:
    """The London date of the discharge; the hub may send an ISO string, and a naive time is UTC."""
    if isinstance(occurred_at, str):
        try:
            occurred_at = datetime.fromisoformat(occurred_at.replace("Z", "+00:00"))
        except ValueError as exc:
            raise GreenCardError(f"occurred_at is not an ISO 8601 time: {occurred_at!r}") from exc
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    return occurred_at.astimezone(clock.LONDON).date()


def issue_from_hub(db: Session, referral: Referral, data: dict[str, Any], occurred_at: datetime | str) -> None:
    """The hub's discharge event carried a green card: create it once (a repeat changes nothing).

    Runs in the event's transaction; the caller commits. Raises GreenCardError on bad data.
    """
    if for_referral(db, referral.id) is not None:
        return
    if not isinstance(data, dict):
        raise GreenCardError("green_card must be an object")
    try:
        valid_until = date.fromisoformat(str(data["valid_until"]))
        body_area, condition, clinician = str(data["body_area"]), str(data["condition"]), str(data["clinician"])
    except (KeyError, ValueError) as exc:
        raise GreenCardError(f"green_card needs body_area, condition, clinician and valid_until: {exc}") from exc
    issued_on = _london_date(occurred_at)
    side = data.get("side") or None
    issue(
        db,
        referral=referral,
        body_area=body_area,
        side=side,
        condition=condition,
        valid_until=valid_until,
        issued_by=clinician,
        issued_on=issued_on,
    )


def revoke(db: Session, *, card: GreenCard, staff_id: uuid.UUID, reason: str) -> None:
    if card.status == "revoked":
        return
    card.status = "revoked"
    card.revoked_at = clock.now()
    card.revoked_by = staff_id
    card.revoke_reason = reason.strip()
    db.add(card)
    audit.record(db, action="green_card.revoked", patient_id=card.patient_id, subject=str(card.id), reason=reason)
    db.commit()


def attach_to_patient(db: Session, *, referral: Referral) -> None:
    """A guest's referral joined an account: their card follows it (idempotent)."""
    card = for_referral(db, referral.id)
    if card is not None and card.patient_id is None and referral.patient_id is not None:
        card.patient_id = referral.patient_id
        db.add(card)


# --- Checking ---------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """Whether a card can be used today, and if not, why (each has its own page)."""

    usable: bool
    reason: str  # ok | not-yet | expired | revoked | open-request
    open_request: Referral | None = None


def open_reaccess(db: Session, card: GreenCard) -> Referral | None:
    return db.exec(
        select(Referral)
        .where(Referral.green_card_id == card.id, col(Referral.status).not_in(CLOSED_STATUSES))
        .order_by(col(Referral.submitted_at).desc())
    ).first()


def check(db: Session, card: GreenCard, *, today: date | None = None) -> Check:
    today = today or clock.london_today()
    if card.status == "revoked":
        return Check(False, "revoked")
    if today > card.valid_until:
        return Check(False, "expired")
    if today < card.issued_on:
        return Check(False, "not-yet")
    request = open_reaccess(db, card)
    if request is not None:
        return Check(False, "open-request", request)
    return Check(True, "ok")


def patient_cards(db: Session, patient: Patient) -> list[GreenCard]:
    return list(
        db.exec(select(GreenCard).where(GreenCard.patient_id == patient.id).order_by(col(GreenCard.valid_until).desc()))
    )


def patient_card(db: Session, patient: Patient, card_id: uuid.UUID) -> GreenCard | None:
    """The patient's own card; someone else's id is the same as no card."""
    card = db.get(GreenCard, card_id)
    return card if card is not None and card.patient_id == patient.id else None


def find_by_code(db: Session, *, code: str, date_of_birth: date) -> GreenCard | None:
    """The card with this code for someone born on this day, or None (one answer for every mismatch)."""
    card = db.exec(select(GreenCard).where(GreenCard.code == codes.normalise(code))).first()
    if card is None:
        return None
    referral = db.get(Referral, card.referral_id)
    if referral is None or referral.date_of_birth != date_of_birth.isoformat():
        return None
    return card


def save(db: Session, card: GreenCard) -> GreenCard:
    try:
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        raise GreenCardError("this referral already has a green card") from exc
    db.refresh(card)
    return card
