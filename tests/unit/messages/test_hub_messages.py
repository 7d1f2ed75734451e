"""Messages and the hub: Communication bundles out, `message.created` events in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.hooks import hub_event_handlers
from patient_app.messages import threads
from patient_app.messages.hub_events import HubMessageRejected
from patient_app.models import Message, MessageThread, OutboxEvent, Patient
from patient_app.settings import Settings
from tests.support.messages import start_thread
from tests.support.progress import make_referral


def event(message_id: str = "hub-msg-1", text: str = "Your scan is booked for Monday.", **extra: Any) -> dict[str, Any]:
    return {
        "id": f"evt-{message_id}",
        "type": "message.created",
        "occurred_at": clock.now().isoformat(),
        "referral": "TEST000001",
        "data": {"message_id": message_id, "author": {"name": "Dr Priya Shah", "role": "physiotherapist"}, "text": text}
        | extra,
    }


def handle(app: Flask, db: Session, payload: dict[str, Any], referral: Any) -> None:
    with app.test_request_context():
        hub_event_handlers()["message.created"](db, payload, referral)
        db.commit()


def test_patient_message_is_a_valid_r4b_communication(db: Session, patient: Patient) -> None:
    thread = start_thread(db, patient, "Is my appointment booked?")
    outbox_event = db.exec(select(OutboxEvent).where(OutboxEvent.event_type == "message.sent")).one()
    bundle = Bundle.model_validate(outbox_event.bundle)
    resources = [e.resource for e in bundle.entry or []]
    communication = next(r for r in resources if isinstance(r, Communication))
    assert communication.payload is not None
    assert communication.payload[0].contentString == "Is my appointment booked?"
    assert communication.status == "completed"
    assert communication.priority == "routine"
    assert communication.identifier is not None
    assert communication.identifier[1].value == str(thread.id)
    assert outbox_event.patient_id == patient.id


def test_hub_message_joins_the_open_referral_thread(app: Flask, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    thread = start_thread(db, patient, "When is my appointment?")
    clock.advance(timedelta(minutes=5))  # the hub answers a little later
    handle(app, db, event(), referral)
    messages = threads.messages(db, thread_id=thread.id)
    assert [m.author_kind for m in messages] == ["patient", "clinician"]
    assert messages[1].author_name == "Dr Priya Shah"
    db.refresh(thread)
    assert thread.status == "waiting"
    assert threads.is_unread(thread)
    assert threads.unread_count(db, patient_id=patient.id) == 1
    # A message from the hub is not sent back to it.
    assert len(db.exec(select(OutboxEvent)).all()) == 1


def test_hub_message_starts_a_thread_and_a_repeat_adds_nothing(
    app: Flask, db: Session, patient: Patient, settings: Settings
) -> None:
    referral = make_referral(db, patient)
    handle(app, db, event(), referral)
    handle(app, db, event(), referral)
    thread = db.exec(select(MessageThread)).one()
    assert (thread.topic, thread.referral_id) == ("referral", referral.id)
    assert len(db.exec(select(Message)).all()) == 1
    mails = list(settings.mailbox_path.glob("*.json"))
    assert len(mails) == 1
    assert "scan" not in mails[0].read_text()


def test_closed_thread_is_not_reused(app: Flask, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    old = start_thread(db, patient)
    old.status = "closed"
    db.add(old)
    db.commit()
    handle(app, db, event(), referral)
    assert len(db.exec(select(MessageThread)).all()) == 2


@pytest.mark.parametrize(
    "payload",
    [
        event(text=""),
        event(message_id=""),
        {"id": "x", "type": "message.created", "data": "nope"},
        event(author=None),
    ],
)
def test_malformed_events_are_rejected(app: Flask, db: Session, patient: Patient, payload: dict[str, Any]) -> None:
    referral = make_referral(db, patient)
    with pytest.raises(HubMessageRejected):
        handle(app, db, payload, referral)
    assert db.exec(select(Message)).all() == []


def test_a_guest_referral_has_nobody_to_show_it_to(app: Flask, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    referral.patient_id = None
    db.add(referral)
    db.commit()
    with pytest.raises(HubMessageRejected, match="no patient account"):
        handle(app, db, event(), referral)
