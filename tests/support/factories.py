"""Make people for tests through the same domain functions the app uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pyotp
from sqlmodel import Session

from patient_app import clock
from patient_app.access import Role
from patient_app.accounts import service as accounts
from patient_app.accounts.passwords import hash_password
from patient_app.models import Patient, StaffMember
from patient_app.staff import service as staff_service

PATIENT_PASSWORD = "correct horse battery staple"
STAFF_PASSWORD = "a long staff password here"
_numbers = itertools.count(1)


@dataclass
class StaffLogin:
    record: StaffMember
    password: str

    def code(self) -> str:
        assert self.record.totp_secret
        return pyotp.TOTP(self.record.totp_secret).at(clock.now())


def make_patient(db: Session, **overrides: object) -> Patient:
    n = next(_numbers)
    details = {
        "email": f"patient{n}@example.com",
        "given_name": "Sam",
        "family_name": f"Tester{n}",
        "date_of_birth": date(1980, 1, 15),
        "postcode": "LS1 4AP",
        "gp_practice_code": "Y90001",
        "mobile": None,
        "nhs_number": None,
    } | overrides
    return accounts.register(db, details=accounts.NewPatient(**details), password_hash=hash_password(PATIENT_PASSWORD))  # type: ignore[arg-type]


def make_staff(db: Session, *roles: Role, name: str | None = None) -> StaffLogin:
    n = next(_numbers)
    staff, _token = staff_service.create(
        db,
        details=staff_service.NewStaff(
            email=f"staff{n}@example.nhs.uk", name=name or f"Staff Member {n}", roles=frozenset(roles)
        ),
    )
    staff.password_hash = hash_password(STAFF_PASSWORD)
    staff.totp_secret = pyotp.random_base32()
    staff.totp_enrolled_at = clock.now()
    db.add(staff)
    db.commit()
    return StaffLogin(record=staff, password=STAFF_PASSWORD)
