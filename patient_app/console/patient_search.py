"""Finding a patient from what a caller tells a navigator.

A caller may have an account (a Patient), or may have referred themselves as a
guest (a Referral with no patient). Both are found by the referral reference;
guest referrals are also found by name, email or NHS number, so "I referred
myself last week" leads somewhere even when nobody has an account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from patient_app import codes
from patient_app.models import Patient, Referral

LIMIT = 50


@dataclass(frozen=True)
class Found:
    patients: list[Patient] = field(default_factory=list)
    # Referrals made without an account: no patient record to open, only the referral.
    guest_referrals: list[Referral] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.patients) + len(self.guest_referrals)


def find(db: Session, query: str) -> Found:
    query = query.strip()
    if not query:
        return Found()
    by_reference = db.exec(select(Referral).where(Referral.reference == codes.normalise(query))).first()
    patient_conditions = _person_conditions(Patient, query)
    if by_reference is not None and by_reference.patient_id is not None:
        patient_conditions.append(col(Patient.id) == by_reference.patient_id)
    patients = db.exec(
        select(Patient)
        .where(col(Patient.deleted_at).is_(None))
        .where(or_(*patient_conditions))
        .order_by(col(Patient.family_name), col(Patient.given_name))
        .limit(LIMIT)
    )
    guest_conditions = _person_conditions(Referral, query)
    if by_reference is not None:
        guest_conditions.append(col(Referral.id) == by_reference.id)
    guests = db.exec(
        select(Referral)
        .where(col(Referral.patient_id).is_(None))
        .where(or_(*guest_conditions))
        .order_by(col(Referral.submitted_at).desc())
        .limit(LIMIT)
    )
    return Found(patients=list(patients), guest_referrals=list(guests))


def _person_conditions(model: type[Patient] | type[Referral], query: str) -> list[ColumnElement[bool]]:
    """Email exactly, family name or full name in part, NHS number exactly (spaces and dashes ignored)."""
    like = f"%{query.lower()}%"
    conditions: list[ColumnElement[bool]] = [
        func.lower(model.email) == query.lower(),
        func.lower(model.family_name).like(like),
        func.lower(model.given_name + " " + model.family_name).like(like),
    ]
    digits = re.sub(r"[\s-]", "", query)
    if digits.isdigit():
        conditions.append(col(model.nhs_number) == digits)
    return conditions
