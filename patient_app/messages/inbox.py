"""The navigator console's inbox: filters, their counts, sorting and pages.

Each filter is a WHERE on indexed thread columns (see models/messages.py); the
counts for every filter come from one aggregate query, and a page joins only
the patient's name and the assignee's name, so the first page costs three
queries whatever the size of the inbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from patient_app.models import MessageThread, Patient, StaffMember

VIEWS = ("open", "unassigned", "mine", "urgent", "overdue", "waiting", "escalated", "closed")
SORTS = ("due", "recent", "oldest")
PAGE_SIZE = 25


def condition(view: str, *, staff_id: uuid.UUID, now: datetime) -> Any:
    thread = MessageThread
    not_closed = col(thread.status) != "closed"
    conditions = {
        "open": col(thread.status) == "open",
        "unassigned": and_(not_closed, col(thread.assigned_to_id).is_(None)),
        "mine": and_(not_closed, col(thread.assigned_to_id) == staff_id),
        "urgent": and_(not_closed, col(thread.urgent).is_(True)),
        "overdue": and_(col(thread.status) == "open", col(thread.due_by) < now),
        "waiting": col(thread.status) == "waiting",
        # The clinicians' queue: escalated threads that still owe the patient a reply.
        "escalated": and_(col(thread.escalated).is_(True), col(thread.status) == "open"),
        "closed": col(thread.status) == "closed",
    }
    return conditions[view]


def counts(db: Session, *, staff_id: uuid.UUID, now: datetime) -> dict[str, int]:
    columns = [
        func.coalesce(func.sum(case((condition(view, staff_id=staff_id, now=now), 1), else_=0)), 0).label(view)
        for view in VIEWS
    ]
    row = db.exec(select(*columns)).one()
    return {view: int(value) for view, value in zip(VIEWS, row, strict=True)}


@dataclass(frozen=True)
class Row:
    thread: MessageThread
    patient_name: str
    assignee: str | None


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    number: int
    has_next: bool


def page(db: Session, *, view: str, sort: str, number: int, staff_id: uuid.UUID, now: datetime) -> Page:
    assignee = aliased(StaffMember)
    statement = (
        select(MessageThread, Patient.given_name, Patient.family_name, assignee.name)
        .join(Patient, col(Patient.id) == col(MessageThread.patient_id))
        .outerjoin(assignee, col(assignee.id) == col(MessageThread.assigned_to_id))
        .where(condition(view, staff_id=staff_id, now=now))
    )
    if sort == "recent":
        statement = statement.order_by(col(MessageThread.last_activity_at).desc())
    elif sort == "oldest":
        statement = statement.order_by(col(MessageThread.last_activity_at))
    else:
        # Urgent first, then the promise that runs out soonest; nothing owed goes last.
        statement = statement.order_by(
            col(MessageThread.urgent).desc(),
            col(MessageThread.due_by).asc().nulls_last(),
            col(MessageThread.last_activity_at).desc(),
        )
    found = db.exec(statement.offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    rows = [Row(thread=t, patient_name=f"{given} {family}", assignee=name) for t, given, family, name in found]
    return Page(rows=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)
