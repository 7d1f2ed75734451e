"""Outbox events and signed hub events for the hub tests."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.hub import outbox, signing, transports
from patient_app.hub.cli import policy_from
from patient_app.hub.dispatch import Policy
from patient_app.hub.fhir.common import (
    PatientDetails,
    app_identifier,
    entry,
    identifier_condition,
    patient_condition,
    patient_resource,
    reference,
    stable_id,
    transaction,
)
from patient_app.models import OutboxEvent
from patient_app.settings import Settings
from tests.fakes.fhir_hub import FakeHub

PATIENT = PatientDetails(key="patient-1", given_name="Jo", family_name="Bloggs", birth_date="1975-04-03")


def small_bundle(key: str) -> dict[str, Any]:
    """A transaction Bundle of the patient and one Communication with its own business identifier."""
    patient = patient_resource(PATIENT)
    identifier = app_identifier("test-note", key)
    note = {
        "resourceType": "Communication",
        "id": stable_id("test-note", key),
        "identifier": [identifier],
        "status": "completed",
        "subject": reference(patient),
        "payload": [{"contentString": f"Test note {key}"}],
    }
    entries = [
        entry(patient, if_none_exist=patient_condition(PATIENT)),
        entry(note, if_none_exist=identifier_condition(identifier)),
    ]
    return transaction(bundle_key=f"test-note:{key}", entries=entries, timestamp=clock.now().isoformat())


def add_events(db: Session, count: int, *, priority: int = outbox.NORMAL, prefix: str = "n") -> list[OutboxEvent]:
    events = [
        outbox.enqueue(
            db,
            event_type="message.sent",
            aggregate_type="test",
            aggregate_id=f"{prefix}{n}",
            bundle=small_bundle(f"{prefix}{n}"),
            priority=priority,
        )
        for n in range(count)
    ]
    db.commit()
    return events


def bulk_events(db: Session, count: int, *, prefix: str = "bulk") -> None:
    """Many pending events quickly (the bundles are validated once, as a template)."""
    template = small_bundle("template")
    now = clock.now()
    rows = []
    for n in range(count):
        bundle = json.loads(json.dumps(template).replace("template", f"{prefix}{n}"))
        rows.append(
            OutboxEvent(
                event_type="message.sent",
                aggregate_type="test",
                aggregate_id=f"{prefix}{n}",
                bundle=bundle,
                created_at=now,
                next_attempt_at=now,
            )
        )
    db.add_all(rows)
    db.commit()


def fhir_settings(settings: Settings, hub: FakeHub, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "hub_transport": "fhir",
        "hub_fhir_base_url": hub.base_url,
        "hub_connect_timeout": 0.3,
        "hub_read_timeout": 0.5,
        "hub_lease_seconds": 5,
        "hub_batch_size": 20,
    }
    values.update(overrides)
    return settings.with_overrides(**values)


def sender(settings: Settings) -> tuple[transports.Transport, Policy]:
    return transports.from_settings(settings), policy_from(settings)


def statuses(db: Session) -> dict[str, int]:
    db.expire_all()
    found: dict[str, int] = {}
    for event in db.exec(select(OutboxEvent)):
        found[event.status] = found.get(event.status, 0) + 1
    return found


def envelope(
    reference: str,
    event_type: str,
    data: dict[str, Any],
    *,
    event_id: str | None = None,
    occurred_at: datetime | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt-{uuid.uuid4()}",
        "type": event_type,
        "occurred_at": (occurred_at or clock.now()).isoformat(),
        "referral": reference,
        "data": data,
    }


def post_event(
    app: Flask,
    body: dict[str, Any] | bytes,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = signing.headers(
        secret or app.extensions["settings"].hub_events_secret, timestamp or int(clock.now().timestamp()), raw
    )
    return app.test_client().post(
        "/hub/events", data=raw, headers={"Content-Type": "application/json", **signed, **(headers or {})}
    )
