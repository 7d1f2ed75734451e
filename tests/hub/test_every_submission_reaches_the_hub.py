"""Every kind of patient submission, made through the real pages, reaches the (fake) FHIR hub once.

Each test submits through the Flask test client as a patient would, then runs
the real dispatcher with the fhir transport against the fake hub on loopback.
The fake hub validates every Bundle with the R4B models and answers 400 to an
invalid one, so "delivered" means "accepted". Then every event is sent a second
time, to a hub that has forgotten the bundles it answered (so each entry's own
conditional create or conditional PUT has to recognise the resend), and the
hub must still hold exactly one resource per business identifier.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.hub import dispatch
from patient_app.hub.fhir.common import APP_SYSTEM, LOINC, NHS_NUMBER_SYSTEM
from patient_app.models import Goal, Message, OutboxEvent, PainEntry, Patient, RedFlagAlert, Referral
from patient_app.settings import Settings
from tests.conftest import sign_in_patient
from tests.fakes.fhir_hub import FakeHub
from tests.support import green_cards, referral
from tests.support.hub import fhir_settings, sender, statuses
from tests.support.pages import PageClient
from tests.support.progress import make_referral

BUNDLE_SYSTEM = APP_SYSTEM + "bundle"
# A valid NHS number (its check digit is right) from the range set aside for testing.
NHS_NUMBER = "9434765919"


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        yield fake


@dataclass
class Delivery:
    """The app's outbox, the real dispatcher with the fhir transport, and the fake hub it sends to."""

    app: Flask
    db: Session
    config: Settings
    hub: FakeHub

    def deliver(self) -> list[OutboxEvent]:
        return _deliver(self.app, self.db, self.config, self.hub)

    def drain(self, **overrides: Any) -> dispatch.Report:
        return _drain(self.app, self.config, **overrides)

    def send_again(self, events: list[OutboxEvent]) -> None:
        _send_again(self.app, self.db, self.config, self.hub, events)


@pytest.fixture
def delivery(app: Flask, db: Session, settings: Settings, hub: FakeHub) -> Delivery:
    return Delivery(app=app, db=db, config=fhir_settings(settings, hub), hub=hub)


# --- Helpers -------------------------------------------------------------------------


def _events(db: Session, event_type: str | None = None) -> list[OutboxEvent]:
    db.expire_all()
    statement = select(OutboxEvent).order_by(col(OutboxEvent.created_at))
    if event_type is not None:
        statement = statement.where(OutboxEvent.event_type == event_type)
    return list(db.exec(statement))


def _drain(app: Flask, config: Settings, **overrides: Any) -> dispatch.Report:
    transport, policy = sender(config.with_overrides(**overrides) if overrides else config)
    return dispatch.drain(app.extensions["db_engine"], transport, worker="e2e-worker", policy=policy)


def _deliver(app: Flask, db: Session, config: Settings, hub: FakeHub) -> list[OutboxEvent]:
    """Dispatch what is waiting; every event is delivered (the hub accepted it) and nothing is left waiting."""
    queued = [event for event in _events(db) if event.status == "pending"]
    assert queued, "the submission queued no outbox event"
    report = _drain(app, config)
    assert report.failed == [], report.failed
    assert report.retrying == [], report.retrying
    assert sorted(report.delivered) == sorted(event.id for event in queued)
    assert set(statuses(db)) == {"delivered"}
    for event in queued:
        assert _bundle_key(event) in hub.bundles, f"the hub holds no answer for {event.event_type}"
    return queued


def _bundle_key(event: OutboxEvent) -> str:
    identifier = event.bundle["identifier"]
    assert identifier["system"] == BUNDLE_SYSTEM
    return f"{identifier['system']}|{identifier['value']}"


def _snapshot(hub: FakeHub) -> dict[str, int]:
    """How many resources of each type the hub holds."""
    counts: dict[str, int] = {}
    for key in hub.resources:
        kind = key.split("/", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _send_again(app: Flask, db: Session, config: Settings, hub: FakeHub, events: list[OutboxEvent]) -> None:
    """A second dispatch of the same events (a resend after a lost answer), to a hub that forgot the bundles."""
    before = _snapshot(hub)
    posts_before = hub.bundle_posts()
    for event in events:
        db.refresh(event)
        event.status = "pending"
        event.next_attempt_at = event.created_at
        db.add(event)
    db.commit()
    with hub.lock:
        hub.bundles.clear()  # the bundle-level If-None-Exist cannot save us: each entry must
    report = _drain(app, config)
    assert sorted(report.delivered) == sorted(event.id for event in events)
    posts = hub.bundle_posts()
    for event in events:
        assert posts[_bundle_key(event)] == posts_before[_bundle_key(event)] + 1  # it really went again
    assert _snapshot(hub) == before  # nothing new at the hub
    assert hub.duplicates() == {}


def _entries(event: OutboxEvent) -> list[dict[str, Any]]:
    return list(event.bundle["entry"])


def _one(hub: FakeHub, resource_type: str) -> dict[str, Any]:
    found = hub.stored(resource_type)
    assert len(found) == 1, f"the hub holds {len(found)} {resource_type} resources"
    return found[0]


def _full_url(event: OutboxEvent, resource_type: str) -> str:
    [found] = [e["fullUrl"] for e in _entries(event) if e["resource"]["resourceType"] == resource_type]
    return str(found)


def _identifier(resource: dict[str, Any], system: str) -> str:
    identifiers = resource["identifier"]
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    [value] = [i["value"] for i in identifiers if i["system"] == system]
    return str(value)


def _today() -> dict[str, str]:
    today = clock.london_today()
    return {
        "recorded_on[day]": str(today.day),
        "recorded_on[month]": str(today.month),
        "recorded_on[year]": str(today.year),
    }


def _loinc(observation: dict[str, Any]) -> str:
    [code] = [c["code"] for c in observation["code"]["coding"] if c["system"] == LOINC]
    return str(code)


# --- Self-referral -------------------------------------------------------------------


def test_a_self_referral_reaches_the_hub_once(
    delivery: Delivery, client: PageClient, db: Session, hub: FakeHub
) -> None:
    end = referral.walk(client, {"nhs-number": {"answer": "943 476 5919"}})
    assert end == "/self-referral/check"
    client.post(end, {}, status=302)
    made = db.exec(select(Referral)).one()
    [event] = delivery.deliver()
    assert (event.event_type, event.aggregate_id, event.priority) == ("referral.submitted", str(made.id), 5)

    patient = _one(hub, "Patient")
    assert _identifier(patient, NHS_NUMBER_SYSTEM) == NHS_NUMBER
    assert patient["name"][0] == {"use": "usual", "family": "Bloggs", "given": ["Jo"]}
    assert patient["birthDate"] == "1975-04-03"
    assert patient["generalPractitioner"][0]["identifier"]["value"] == "Y90002"

    request = _one(hub, "ServiceRequest")
    assert _identifier(request, APP_SYSTEM + "referral") == made.reference
    assert (request["status"], request["intent"], request["priority"]) == ("active", "order", "routine")
    assert request["subject"]["reference"] == _full_url(event, "Patient")
    assert request["bodySite"][0]["coding"][0]["code"] == "72696002"  # knee

    response = _one(hub, "QuestionnaireResponse")
    assert _identifier(response, APP_SYSTEM + "questionnaire-response") == made.reference
    assert response["status"] == "completed"
    assert response["subject"]["reference"] == _full_url(event, "Patient")
    answers = {item["linkId"]: item["answer"] for item in response["item"]}
    assert answers["body-area"][0]["valueCoding"]["code"] == "knee"
    assert answers["pain-now"] == [{"valueInteger": 5}]
    assert _full_url(event, "QuestionnaireResponse") in [ref["reference"] for ref in request["supportingInfo"]]

    pain = {_loinc(obs): obs["valueQuantity"]["value"] for obs in hub.stored("Observation") if "loinc" in str(obs)}
    assert pain == {"72514-3": 5, "38214-3": 55}

    delivery.send_again([event])
    assert len(hub.stored("ServiceRequest")) == len(hub.stored("QuestionnaireResponse")) == 1


# --- Red flag ------------------------------------------------------------------------


def test_a_red_flag_alert_goes_to_the_hub_before_routine_events_queued_earlier(
    delivery: Delivery, client: PageClient, db: Session, patient: Patient, hub: FakeHub
) -> None:
    sign_in_patient(client, patient)
    # Routine submissions first: a pain score and a message.
    client.post("/my-progress/pain/nrs", {"score": "4", **_today()}, status=302)
    client.post("/messages/new", {"topic": "exercises"}, status=302)
    client.post("/messages/new/exercises", {"text": "Can I do the exercises twice a day?"}, status=302)
    routine = _events(db)
    assert [(e.event_type, e.priority) for e in routine] == [("observation.recorded", 5), ("message.sent", 5)]
    # Then a red flag in a new self-referral.
    assert referral.walk(client, {"rf-cauda-equina": {"answer": "yes"}}) == "/get-help/cauda-equina"
    alert = db.exec(select(RedFlagAlert)).one()
    [urgent] = _events(db, "red_flag.alert")
    assert (urgent.priority, urgent.aggregate_id) == (0, str(alert.id))
    assert urgent.created_at >= max(e.created_at for e in routine)

    report = delivery.drain(hub_send_concurrency=1)
    assert report.delivered[0] == urgent.id
    assert sorted(report.delivered) == sorted([urgent.id, *(e.id for e in routine)])
    first = hub.requests[0].body
    assert first is not None
    assert first["identifier"] == {"system": BUNDLE_SYSTEM, "value": f"red-flag:{alert.id}"}

    [communication] = [c for c in hub.stored("Communication") if "alert" in str(c.get("category"))]
    assert _identifier(communication, APP_SYSTEM + "red-flag-alert") == str(alert.id)
    # FHIR request-priority: routine < urgent < asap < stat; an alert goes at the top.
    assert communication["priority"] == "stat"
    assert communication["category"][0]["coding"][0]["code"] == "alert"
    assert "No routine referral was made." in communication["payload"][0]["contentString"]
    assert communication["subject"]["reference"] == _full_url(urgent, "Patient")
    patients = hub.stored("Patient")
    assert len(patients) == 1  # the alert's patient matched the one the pain score and message made
    assert [i["system"] for i in patients[0]["identifier"]] == [APP_SYSTEM + "patient"]  # no NHS number: none sent
    assert db.exec(select(Referral)).all() == []
    assert not hub.stored("ServiceRequest")  # a red flag never makes a referral

    delivery.send_again([urgent, *routine])
    assert len(hub.stored("Communication")) == 2  # the alert and the message


# --- Green card ----------------------------------------------------------------------


def test_a_green_card_request_to_come_back_points_at_the_original_referral(
    delivery: Delivery, client: PageClient, db: Session, patient: Patient, hub: FakeHub
) -> None:
    original = make_referral(db, patient)
    card = green_cards.make_card(db, original)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)}, status=302)
    end = green_cards.walk(client, location=green_cards.begin(client))
    assert end == "/use-green-card/check-answers"
    client.post(end, {}, status=302)
    made = db.exec(select(Referral).where(Referral.kind == "re-access")).one()
    [event] = delivery.deliver()
    assert (event.event_type, event.aggregate_id) == ("green_card.reaccess_submitted", str(made.id))

    request = _one(hub, "ServiceRequest")
    assert _identifier(request, APP_SYSTEM + "referral") == made.reference != original.reference
    assert request["basedOn"] == [
        {"identifier": {"system": APP_SYSTEM + "referral", "value": original.reference}, "type": "ServiceRequest"}
    ]
    assert request["priority"] == made.priority == "urgent"
    sources = [c["code"] for category in request["category"] for c in category["coding"]]
    assert "re-access" in sources
    assert request["bodySite"][0]["coding"][0]["code"] == "72696002"  # the card's knee
    assert _identifier(_one(hub, "QuestionnaireResponse"), APP_SYSTEM + "questionnaire-response") == made.reference
    [pain] = hub.stored("Observation")
    assert (_loinc(pain), pain["valueQuantity"]["value"]) == ("72514-3", 6)
    assert _identifier(_one(hub, "Patient"), APP_SYSTEM + "patient") == str(patient.id)

    delivery.send_again([event])


# --- Progress ------------------------------------------------------------------------


@pytest.mark.parametrize("case", [("nrs", 3, "72514-3"), ("vas", 62, "38214-3")], ids=["nrs", "vas"])
def test_a_pain_score_reaches_the_hub_as_an_observation(
    delivery: Delivery, patient_client: PageClient, patient: Patient, case: tuple[str, int, str]
) -> None:
    scale, score, loinc = case
    db, hub = delivery.db, delivery.hub
    patient_client.post(f"/my-progress/pain/{scale}", {"score": str(score), **_today()}, status=302)
    entry = db.exec(select(PainEntry)).one()
    [event] = delivery.deliver()
    assert (event.event_type, event.aggregate_id) == ("observation.recorded", str(entry.id))
    observation = _one(hub, "Observation")
    assert _loinc(observation) == loinc
    assert observation["valueQuantity"]["value"] == score
    assert observation["status"] == "final"
    assert observation["subject"]["reference"] == _full_url(event, "Patient")
    assert _identifier(_one(hub, "Patient"), APP_SYSTEM + "patient") == str(patient.id)
    delivery.send_again([event])


def test_a_goal_and_its_change_reach_the_hub_as_one_goal_updated_in_place(
    delivery: Delivery, patient_client: PageClient, db: Session, patient: Patient, hub: FakeHub
) -> None:
    patient_client.post("/my-progress/goals/new", {"text": "Walk the dog around the park", "importance": "very"})
    goal = db.exec(select(Goal)).one()
    [first] = delivery.deliver()
    assert (first.event_type, first.aggregate_id) == ("goal.changed", str(goal.id))
    [goal_entry] = [e for e in _entries(first) if e["resource"]["resourceType"] == "Goal"]
    assert goal_entry["request"] == {
        "method": "PUT",
        "url": f"Goal?identifier={APP_SYSTEM}goal|{goal.id}",
    }
    stored = _one(hub, "Goal")
    assert (stored["lifecycleStatus"], stored["description"]["text"]) == ("active", "Walk the dog around the park")
    assert stored["priority"]["coding"][0]["code"] == "high-priority"

    patient_client.post(f"/my-progress/goals/{goal.id}/status", {"status": "achieved"}, csrf_from="/my-progress")
    [second] = delivery.deliver()
    assert (second.event_type, second.aggregate_id) == ("goal.changed", str(goal.id))
    stored = _one(hub, "Goal")  # updated in place, not a second Goal
    assert stored["lifecycleStatus"] == "completed"
    assert _identifier(stored, APP_SYSTEM + "goal") == str(goal.id)
    assert hub.created[("Goal", f"{APP_SYSTEM}goal|{goal.id}")] == 1
    delivery.send_again([second])
    assert _one(hub, "Goal")["lifecycleStatus"] == "completed"


# --- Messages ------------------------------------------------------------------------


def test_a_patient_message_reaches_the_hub_as_a_communication(
    delivery: Delivery, patient_client: PageClient, db: Session, patient: Patient, hub: FakeHub
) -> None:
    patient_client.post("/messages/new", {"topic": "exercises"}, status=302)
    patient_client.post("/messages/new/exercises", {"text": "Can I do the exercises twice a day?"}, status=302)
    message = db.exec(select(Message)).one()
    [event] = delivery.deliver()
    assert (event.event_type, event.aggregate_id, event.priority) == ("message.sent", str(message.id), 5)
    communication = _one(hub, "Communication")
    assert _identifier(communication, APP_SYSTEM + "message") == str(message.id)
    assert _identifier(communication, APP_SYSTEM + "message-thread") == str(message.thread_id)
    assert communication["payload"] == [{"contentString": "Can I do the exercises twice a day?"}]
    assert (communication["status"], communication["priority"]) == ("completed", "routine")
    assert communication["subject"] == communication["sender"] == {"reference": _full_url(event, "Patient")}
    assert _identifier(_one(hub, "Patient"), APP_SYSTEM + "patient") == str(patient.id)
    delivery.send_again([event])
