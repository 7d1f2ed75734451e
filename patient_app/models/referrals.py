"""Self-referrals, red-flag alerts and what the hub tells us about them."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from patient_app.models.columns import created_field, fk, id_field


class Referral(SQLModel, table=True):
    """A submitted self-referral (or green card re-access request): what the hub receives."""

    id: uuid.UUID = id_field()
    # Read aloud on the phone: 10 characters and a check character (see referral/reference.py).
    reference: str = Field(max_length=16, unique=True, index=True)
    kind: str = Field(default="self-referral", max_length=20)  # self-referral | re-access
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    # The draft it came from: submitting the same draft twice finds this row again.
    draft_id: uuid.UUID = Field(unique=True)
    # Contact details as given in the referral (guests have no account).
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    date_of_birth: str = Field(max_length=10)  # ISO date, as answered
    email: str | None = Field(default=None, max_length=254)
    mobile: str | None = Field(default=None, max_length=20)
    postcode: str = Field(max_length=10)
    gp_practice_code: str = Field(max_length=10)
    nhs_number: str | None = Field(default=None, max_length=10)
    body_area: str = Field(max_length=20, index=True)
    side: str | None = Field(default=None, max_length=10)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    scores: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Triage, from the versioned rule set in content/triage/.
    disposition: str = Field(max_length=30, index=True)
    service: str | None = Field(default=None, max_length=40)
    priority: str = Field(max_length=10)  # FHIR ServiceRequest priority: routine | urgent | asap | stat
    triage_reasons: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ruleset_version: str = Field(max_length=20)
    status: str = Field(default="submitted", max_length=20, index=True)
    # A re-access request points at the episode it returns to.
    green_card_id: uuid.UUID | None = Field(default=None, index=True)
    original_referral_id: uuid.UUID | None = Field(default=None, index=True)
    submitted_at: datetime = created_field()


class RedFlagAlert(SQLModel, table=True):
    """A 'yes' or 'not sure' in the emergency screen: recorded and sent to the hub as urgent.

    The patient has already been told what to do now; this lets the team follow up.
    """

    __tablename__ = "red_flag_alert"

    id: uuid.UUID = id_field()
    draft_id: uuid.UUID = Field(index=True)
    patient_id: uuid.UUID | None = fk("patient.id", nullable=True)
    flag: str = Field(max_length=40)
    answer: str = Field(max_length=20)
    advice: str = Field(max_length=40)  # which emergency page was shown
    ruleset_version: str = Field(max_length=20)
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_field()


class ReferralEvent(SQLModel, table=True):
    """One line on a referral's timeline: submitted, received, triaged, booked, discharged."""

    __tablename__ = "referral_event"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: uuid.UUID = fk("referral.id")
    event_type: str = Field(max_length=40)
    occurred_at: datetime = created_field()
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The hub's event id, when the line came from the hub.
    hub_event_id: str | None = Field(default=None, max_length=100, index=True)
    recorded_at: datetime = created_field()
