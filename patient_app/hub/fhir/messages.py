"""A message between a patient and the team as a FHIR R4 Communication for the hub.

- The patient is the subject; the sender is the patient or (for a staff reply)
  a Practitioner named in the reference's display, with their role.
- `topic.text` carries the thread's topic; `identifier` the message's and the
  thread's business identifiers, so the hub can group a conversation.
- Internal notes are never sent: they are not Communications with the patient.
- A message the red-flag screen matched goes with priority `urgent`.
"""

from __future__ import annotations

from typing import Any

from patient_app.hub.fhir.common import (
    app_identifier,
    entry,
    identifier_condition,
    patient_condition,
    patient_resource,
    profile,
    reference,
    stable_id,
    transaction,
)
from patient_app.hub.fhir.progress import patient_details
from patient_app.models import Message, MessageThread, Patient

STAFF_ROLES = {"navigator": "Care navigator", "clinician": "Clinician"}


def communication(
    *, message: Message, thread: MessageThread, patient_ref: dict[str, str], sender: dict[str, Any]
) -> dict[str, Any]:
    message_identifier = app_identifier("message", str(message.id))
    resource: dict[str, Any] = {
        "resourceType": "Communication",
        "id": stable_id("message", str(message.id)),
        "meta": profile("UKCore-Communication"),
        "identifier": [message_identifier, app_identifier("message-thread", str(thread.id))],
        "status": "completed",
        "priority": "urgent" if message.red_flags else "routine",
        "subject": patient_ref,
        "topic": {"text": thread.topic},
        "sent": message.created_at.isoformat(),
        "sender": sender,
        "payload": [{"contentString": message.text}],
    }
    if message.author_kind == "patient":
        resource["recipient"] = [{"display": "Care navigation team"}]
    else:
        resource["recipient"] = [patient_ref]
    return resource


def message_bundle(*, message: Message, thread: MessageThread, owner: Patient) -> dict[str, Any]:
    details = patient_details(owner)
    patient = patient_resource(details)
    patient_ref = reference(patient)
    if message.author_kind == "patient":
        sender: dict[str, Any] = patient_ref
    else:
        role = STAFF_ROLES.get(message.author_kind, message.author_kind)
        sender = {"type": "Practitioner", "display": f"{message.author_name} ({role})"}
    resource = communication(message=message, thread=thread, patient_ref=patient_ref, sender=sender)
    return transaction(
        bundle_key=f"message:{message.id}",
        entries=[
            entry(patient, if_none_exist=patient_condition(details)),
            entry(resource, if_none_exist=identifier_condition(resource["identifier"][0])),
        ],
        timestamp=message.created_at.isoformat(),
    )
