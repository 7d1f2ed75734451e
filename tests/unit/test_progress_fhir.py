"""What the hub receives: bundles that validate (R4B) and carry the right codes and identifiers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.hub.fhir import progress as mapping
from patient_app.hub.fhir.common import LOINC, NHS_NUMBER_SYSTEM, InvalidBundle, PatientDetails
from patient_app.models import OutboxEvent, PainEntry, Patient
from patient_app.progress import feedback, goals, pain, psfs
from tests.support.factories import make_patient

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
def person(app: Flask, db: Session) -> Patient:
    clock.freeze(NOW)
    return make_patient(db, nhs_number="9990000018")


def _events(db: Session, event_type: str) -> list[OutboxEvent]:
    return list(db.exec(select(OutboxEvent).where(OutboxEvent.event_type == event_type)))


def _resource(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    Bundle.model_validate(bundle)
    assert bundle["type"] == "transaction"
    [found] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]
    return found


@pytest.mark.parametrize(("scale", "score", "code"), [("nrs", 6, "72514-3"), ("vas", 45, "38214-3")])
def test_pain_scores_are_observations_with_loinc_codes(
    db: Session, person: Patient, scale: str, score: int, code: str
) -> None:
    entry = pain.record_pain(db, patient=person, scale=scale, score=score, recorded_at=NOW)
    [event] = _events(db, "observation.recorded")
    assert (event.aggregate_type, event.aggregate_id, event.patient_id) == ("pain_entry", str(entry.id), person.id)
    observation = _resource(event.bundle, "Observation")
    assert observation["code"]["coding"][0]["system"] == LOINC
    assert observation["code"]["coding"][0]["code"] == code
    assert observation["valueQuantity"]["value"] == score
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["effectiveDateTime"] == NOW.isoformat()
    patient = _resource(event.bundle, "Patient")
    assert patient["identifier"][0] == {**patient["identifier"][0], "system": NHS_NUMBER_SYSTEM, "value": "9990000018"}
    assert observation["subject"]["reference"] == f"urn:uuid:{patient['id']}"
    post = event.bundle["entry"][1]["request"]
    assert post["method"] == "POST"
    assert post["ifNoneExist"].endswith(f"pain-score|{entry.id}")


def test_resending_a_score_gives_the_same_ids(db: Session, person: Patient) -> None:
    entry = pain.record_pain(db, patient=person, scale="vas", score=45, recorded_at=NOW)
    details = mapping.patient_details(person)
    assert mapping.pain_bundle(details, entry) == mapping.pain_bundle(details, entry)


def test_no_score_without_its_event(db: Session, person: Patient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(details: PatientDetails, entry: PainEntry) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "transaction", "timestamp": "yesterday"}

    monkeypatch.setattr(pain, "pain_bundle", broken)
    with pytest.raises(InvalidBundle):
        pain.record_pain(db, patient=person, scale="vas", score=45, recorded_at=NOW)
    db.rollback()
    assert db.exec(select(PainEntry)).all() == []
    assert _events(db, "observation.recorded") == []


def test_scores_outside_the_scale_are_refused_by_the_domain(db: Session, person: Patient) -> None:
    for scale, score in (("vas", 101), ("vas", -1), ("nrs", 11)):
        with pytest.raises(pain.InvalidScore):
            pain.record_pain(db, patient=person, scale=scale, score=score, recorded_at=NOW)
    assert db.exec(select(PainEntry)).all() == []


def test_psfs_is_an_observation_with_a_component_per_activity(db: Session, person: Patient) -> None:
    psfs.rate(db, patient=person, scores=[("Climbing stairs", 4), ("Walking to the shops", 7)])
    [event] = _events(db, "observation.recorded")
    observation = _resource(event.bundle, "Observation")
    assert observation["code"]["coding"][0]["code"] == "psfs-mean"
    assert observation["valueQuantity"]["value"] == 5.5
    assert [(c["code"]["text"], c["valueInteger"]) for c in observation["component"]] == [
        ("Climbing stairs", 4),
        ("Walking to the shops", 7),
    ]


def test_goal_changes_are_goal_resources_updated_in_place(db: Session, person: Patient) -> None:
    goal = goals.set_goal(db, patient=person, text="Walk to the shops", importance="very", target_date=date(2026, 6, 1))
    goals.check_in(db, patient=person, goal=goal, score=7, note="Nearly", on=date(2026, 3, 27))
    goals.change_status(db, patient=person, goal=goal, status="achieved")
    created, checked, achieved = (_resource(e.bundle, "Goal") for e in _events(db, "goal.changed"))
    assert created["lifecycleStatus"] == "active"
    assert created["description"]["text"] == "Walk to the shops"
    assert created["priority"]["coding"][0]["code"] == "high-priority"
    assert created["target"] == [{"dueDate": "2026-06-01"}]
    assert checked["note"][0]["text"] == "Check-in on 2026-03-27: 7 out of 10 towards this goal. Nearly"
    assert achieved["lifecycleStatus"] == "completed"
    assert achieved["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert created["id"] == achieved["id"]
    request = _events(db, "goal.changed")[0].bundle["entry"][1]["request"]
    assert request["method"] == "PUT"
    assert request["url"].startswith("Goal?identifier=")


def test_feedback_is_a_questionnaire_response(db: Session, person: Patient) -> None:
    feedback.record(db, patient=person, context="message", context_id="t-1", rating="very-good", comment="Kind")
    [event] = _events(db, "feedback.recorded")
    response = _resource(event.bundle, "QuestionnaireResponse")
    [experience, context, reason] = response["item"]
    assert experience["text"] == "Overall, how was your experience of our service?"
    assert experience["answer"][0]["valueCoding"]["display"] == "Very good"
    assert context["answer"][0]["valueString"] == "message"
    assert reason["answer"][0]["valueString"] == "Kind"
