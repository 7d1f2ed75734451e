"""People who sign in: patients and staff, and their one-time tokens."""

import uuid
from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field, time_field


class Patient(SQLModel, table=True):
    id: uuid.UUID = id_field()
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    date_of_birth: date
    postcode: str = Field(max_length=10)
    mobile: str | None = Field(default=None, max_length=20)
    gp_practice_code: str = Field(max_length=10)
    nhs_number: str | None = Field(default=None, max_length=10, index=True)
    locale: str = Field(default="en", max_length=10)
    consent_version: str = Field(max_length=20)
    consent_at: datetime = created_field()
    failed_sign_ins: int = 0
    locked_until: datetime | None = time_field()
    created_at: datetime = created_field()
    deleted_at: datetime | None = time_field()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class StaffMember(SQLModel, table=True):
    __tablename__ = "staff_member"

    id: uuid.UUID = id_field()
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=200)
    password_hash: str | None = Field(default=None, max_length=255)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enrolled_at: datetime | None = time_field()
    # The last TOTP time-step accepted, so a code cannot be replayed.
    totp_last_step: int | None = None
    active: bool = True
    failed_sign_ins: int = 0
    locked_until: datetime | None = time_field()
    created_at: datetime = created_field()


class StaffRole(SQLModel, table=True):
    __tablename__ = "staff_role"
    __table_args__ = (UniqueConstraint("staff_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: uuid.UUID = fk("staff_member.id")
    role: str = Field(max_length=20)


class RecoveryCode(SQLModel, table=True):
    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: uuid.UUID = fk("staff_member.id")
    code_hash: str = Field(max_length=255)
    used_at: datetime | None = time_field()


class OneTimeToken(SQLModel, table=True):
    """Password reset, email confirmation and staff set-up links.

    Only a hash of the token is stored: a leaked table cannot be replayed.
    """

    __tablename__ = "one_time_token"

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=30, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    staff_id: uuid.UUID | None = fk("staff_member.id", nullable=True)
    # For an email change: the address waiting to be confirmed.
    new_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = created_field()
    expires_at: datetime = created_field()
    used_at: datetime | None = time_field()


class LoginSession(SQLModel, table=True):
    """A server-side record of one sign-in, so signing out really ends it.

    The browser's cookie holds only this row's random id; revoking the row (sign
    out, password change, an admin removing a staff member) ends the session
    even if the cookie was copied.
    """

    __tablename__ = "login_session"

    id: str = Field(primary_key=True, max_length=64)
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    staff_id: uuid.UUID | None = fk("staff_member.id", nullable=True)
    created_at: datetime = created_field()
    last_seen_at: datetime = created_field()
    revoked_at: datetime | None = time_field()
