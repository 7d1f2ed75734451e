"""Test data for messages: threads started the way a patient starts them."""

from __future__ import annotations

from sqlmodel import Session

from patient_app.messages import threads
from patient_app.models import MessageThread, Patient


def start_thread(
    db: Session, patient: Patient, text: str = "Is my appointment booked?", topic: str = "referral"
) -> MessageThread:
    return threads.start(db, patient=patient, topic=topic, text=text, promise_days=1).thread
