"""Writing to the transactional outbox. Dispatch lives in hub/dispatch.py.

`enqueue` adds the event to the caller's session: it commits together with the
change it describes, or not at all. No row, no commit; no commit, no "sent".
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from patient_app import clock
from patient_app.hub.fhir.common import validate
from patient_app.models import OutboxEvent

URGENT = 0
NORMAL = 5

EVENT_TYPES = frozenset(
    {
        "referral.submitted",
        "red_flag.alert",
        "green_card.reaccess_submitted",
        "observation.recorded",
        "goal.changed",
        "message.sent",
        "feedback.recorded",
    }
)


def enqueue(
    db: Session,
    *,
    event_type: str,
    aggregate_type: str,
    aggregate_id: str,
    bundle: dict[str, Any],
    patient_id: uuid.UUID | None = None,
    priority: int = NORMAL,
) -> OutboxEvent:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown outbox event type {event_type!r}")
    validate(bundle)
    now = clock.now()
    event = OutboxEvent(
        event_type=event_type,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        patient_id=patient_id,
        priority=priority,
        bundle=bundle,
        created_at=now,
        next_attempt_at=now,
    )
    db.add(event)
    return event
