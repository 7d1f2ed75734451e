"""The navigators' referral list: who is waiting, for what, and for how long against the promise.

The waits promised are the service's: urgent MSK and green card returns are
seen within 2 weeks (the labels patients are shown say so), everything else
within 18 weeks (the commissioners' referral-to-treatment standard). A
referral stops waiting once an appointment is booked or the patient is
discharged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from patient_app import clock
from patient_app.models import Patient, Referral

PAGE_SIZE = 50
WAIT_PROMISE_DAYS = {"urgent-msk": 14, "re-access": 14}
ROUTINE_WAIT_PROMISE_DAYS = 18 * 7
NOT_WAITING = frozenset({"booked", "discharged"})
DISPOSITIONS = ("urgent-msk", "routine-msk", "self-management", "re-access")
STATUSES = ("submitted", "received", "triaged", "awaiting-booking", "booked", "discharged")


@dataclass(frozen=True)
class Filters:
    disposition: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: dict[str, str]) -> Filters:
        """Only values the list knows; anything else is no filter, not an error."""
        disposition = args.get("disposition", "")
        status = args.get("status", "")
        return cls(
            disposition=disposition if disposition in DISPOSITIONS else "",
            status=status if status in STATUSES else "",
        )

    def as_args(self) -> dict[str, str]:
        return {name: value for name, value in (("disposition", self.disposition), ("status", self.status)) if value}


@dataclass(frozen=True)
class Row:
    referral: Referral
    name: str
    days_waiting: int | None  # None once booked or discharged
    promise_days: int

    @property
    def over_promise(self) -> bool:
        return self.days_waiting is not None and self.days_waiting > self.promise_days


def promise_days(disposition: str) -> int:
    return WAIT_PROMISE_DAYS.get(disposition, ROUTINE_WAIT_PROMISE_DAYS)


def days_waiting(referral: Referral, today: date) -> int | None:
    if referral.status in NOT_WAITING:
        return None
    return (today - clock.london_date(referral.submitted_at)).days


def rows(db: Session, filters: Filters, *, page: int = 1, limit: int = PAGE_SIZE) -> list[Row]:
    """Newest first; `limit + 1` rows are read so the caller knows whether there is a next page."""
    statement = _filtered(filters).offset((page - 1) * limit).limit(limit + 1)
    return _rows(db, list(db.exec(statement)))


def all_rows(db: Session, filters: Filters) -> list[Row]:
    return _rows(db, list(db.exec(_filtered(filters))))


def _filtered(filters: Filters) -> SelectOfScalar[Referral]:
    statement = select(Referral).order_by(col(Referral.submitted_at).desc(), col(Referral.reference))
    if filters.disposition:
        statement = statement.where(Referral.disposition == filters.disposition)
    if filters.status:
        statement = statement.where(Referral.status == filters.status)
    return statement


def _rows(db: Session, referrals: list[Referral]) -> list[Row]:
    today = clock.london_today()
    patient_ids = {referral.patient_id for referral in referrals if referral.patient_id is not None}
    patients = (
        {patient.id: patient for patient in db.exec(select(Patient).where(col(Patient.id).in_(patient_ids)))}
        if patient_ids
        else {}
    )
    found = []
    for referral in referrals:
        patient = patients.get(referral.patient_id) if referral.patient_id else None
        found.append(
            Row(
                referral=referral,
                name=patient.full_name if patient else f"{referral.given_name} {referral.family_name}",
                days_waiting=days_waiting(referral, today),
                promise_days=promise_days(referral.disposition),
            )
        )
    return found
