"""Column helpers shared by the tables, so every table stores ids and times alike."""

from typing import Any

from sqlmodel import Field

from patient_app import clock
from patient_app.db import UTCDateTime, new_id


def id_field() -> Any:
    return Field(default_factory=new_id, primary_key=True)


def created_field() -> Any:
    # The project's clock, not the machine's: tests pin it, and a row's time
    # then agrees with every other time the code under test reads.
    return Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)


def time_field(*, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)


def fk(target: str, *, nullable: bool = False, index: bool = True) -> Any:
    if nullable:
        return Field(default=None, foreign_key=target, nullable=True, index=index)
    return Field(foreign_key=target, nullable=False, index=index)
