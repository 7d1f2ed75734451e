"""Pain scores, PSFS ratings, goals and feedback as FHIR R4 resources for the hub.

- Pain: Observation, LOINC 72514-3 (NRS 0–10) or 38214-3 (VAS 0–100).
- PSFS: Observation of the mean score, one component per activity. PSFS has no
  LOINC code, so it carries our own code system's code.
- Goal: the goal in the patient's words, its priority, target date and status.
  A goal changes, so it is sent as a conditional update (PUT on its business
  identifier): a resend is the same write, and the latest state wins.
- Feedback: the Friends and Family Test answer as a QuestionnaireResponse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patient_app.hub.fhir.common import (
    APP_SYSTEM,
    LOINC,
    PatientDetails,
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
from patient_app.models import FeedbackResponse, Goal, GoalCheckIn, OutcomeSurvey, PainEntry, Patient, PsfsRating

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
GOAL_PRIORITY = "http://terminology.hl7.org/CodeSystem/goal-priority"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
UCUM = "http://unitsofmeasure.org"
PROM_SYSTEM = APP_SYSTEM.replace("/Id/", "/CodeSystem/") + "prom"
FFT_QUESTIONNAIRE = APP_SYSTEM.replace("/Id/", "/Questionnaire/") + "friends-and-family-test"

PAIN_CODES = {
    "nrs": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "vas": ("38214-3", "Pain severity [Score] Visual analog score"),
}
PSFS_CODE = ("psfs-mean", "Patient-Specific Functional Scale (PSFS) mean score")
PRIORITIES = {"very": "high-priority", "quite": "medium-priority", "little": "low-priority"}
LIFECYCLE = {"active": "active", "achieved": "completed", "not-relevant": "cancelled"}


def patient_details(patient: Patient) -> PatientDetails:
    return PatientDetails(
        key=str(patient.id),
        given_name=patient.given_name,
        family_name=patient.family_name,
        birth_date=patient.date_of_birth.isoformat(),
        postcode=patient.postcode,
        gp_practice_code=patient.gp_practice_code,
        nhs_number=patient.nhs_number,
        email=patient.email,
        mobile=patient.mobile,
    )


def _patient_entry(details: PatientDetails) -> tuple[dict[str, Any], dict[str, Any]]:
    resource = patient_resource(details)
    return resource, entry(resource, if_none_exist=patient_condition(details))


def _survey_category() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _score(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


def _observation(kind: str, key: str, patient: dict[str, Any], **fields: Any) -> dict[str, Any]:
    identifier = app_identifier(kind, key)
    return {
        "resourceType": "Observation",
        "id": stable_id(kind, key),
        "meta": profile("UKCore-Observation"),
        "identifier": [identifier],
        "status": "final",
        "category": _survey_category(),
        "subject": reference(patient),
        **fields,
    }


def pain_bundle(details: PatientDetails, pain: PainEntry) -> dict[str, Any]:
    patient, patient_entry = _patient_entry(details)
    code, display = PAIN_CODES[pain.scale]
    observation = _observation(
        "pain-score",
        str(pain.id),
        patient,
        code={"coding": [{"system": LOINC, "code": code, "display": display}], "text": display},
        effectiveDateTime=pain.recorded_at.isoformat(),
        valueQuantity=_score(pain.score),
    )
    if pain.treatment_point:
        observation["note"] = [{"text": f"Marked as the score {pain.treatment_point} treatment"}]
        # Marking changes a score the hub already holds: update it in place.
        observation_entry = _update_entry(observation)
    else:
        observation_entry = entry(observation, if_none_exist=identifier_condition(observation["identifier"][0]))
    return transaction(
        bundle_key=f"pain-score:{pain.id}:{pain.treatment_point or 'new'}",
        entries=[patient_entry, observation_entry],
        timestamp=pain.created_at.isoformat(),
    )


def _update_entry(resource: dict[str, Any]) -> dict[str, Any]:
    """A conditional update on the business identifier: a resend writes the same thing again."""
    identifier = resource["identifier"][0]
    return {
        "fullUrl": f"urn:uuid:{resource['id']}",
        "resource": resource,
        "request": {"method": "PUT", "url": f"{resource['resourceType']}?" + identifier_condition(identifier)},
    }


def psfs_bundle(details: PatientDetails, ratings: list[PsfsRating]) -> dict[str, Any]:
    if not ratings:
        raise ValueError("a PSFS observation needs at least one rating")
    patient, patient_entry = _patient_entry(details)
    occasion = str(ratings[0].occasion_id)
    mean = round(sum(r.score for r in ratings) / len(ratings), 2)
    code, display = PSFS_CODE
    observation = _observation(
        "psfs",
        occasion,
        patient,
        code={"coding": [{"system": PROM_SYSTEM, "code": code, "display": display}], "text": display},
        effectiveDateTime=ratings[0].rated_at.isoformat(),
        valueQuantity=_score(mean),
        component=[
            {"code": {"text": rating.activity}, "valueInteger": rating.score}
            for rating in sorted(ratings, key=lambda r: r.position)
        ],
    )
    return transaction(
        bundle_key=f"psfs:{occasion}",
        entries=[patient_entry, entry(observation, if_none_exist=identifier_condition(observation["identifier"][0]))],
        timestamp=ratings[0].rated_at.isoformat(),
    )


def _achievement(goal: Goal, latest: GoalCheckIn | None) -> str:
    if goal.status == "achieved":
        return "achieved"
    if goal.status == "not-relevant":
        return "not-achieved"
    return "in-progress" if latest is None or latest.score < 10 else "achieved"


def goal_bundle(
    details: PatientDetails, goal: Goal, latest: GoalCheckIn | None, *, changed_at: datetime
) -> dict[str, Any]:
    patient, patient_entry = _patient_entry(details)
    identifier = app_identifier("goal", str(goal.id))
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": stable_id("goal", str(goal.id)),
        "identifier": [identifier],
        "lifecycleStatus": LIFECYCLE[goal.status],
        "achievementStatus": {"coding": [{"system": GOAL_ACHIEVEMENT, "code": _achievement(goal, latest)}]},
        "priority": {"coding": [{"system": GOAL_PRIORITY, "code": PRIORITIES[goal.importance]}]},
        "description": {"text": goal.text},
        "subject": reference(patient),
        "startDate": goal.created_at.date().isoformat(),
        "statusDate": changed_at.date().isoformat(),
        "expressedBy": reference(patient),
    }
    if goal.target_date:
        resource["target"] = [{"dueDate": goal.target_date.isoformat()}]
    if latest is not None:
        note = f"Check-in on {latest.checked_on.isoformat()}: {latest.score} out of 10 towards this goal."
        if latest.note:
            note += f" {latest.note}"
        resource["note"] = [{"text": note}]
    return transaction(
        bundle_key=f"goal:{goal.id}:{changed_at.isoformat()}",
        entries=[patient_entry, _update_entry(resource)],
        timestamp=changed_at.isoformat(),
    )


FFT_QUESTION = "Overall, how was your experience of our service?"
FFT_REASON = "Please tell us why you gave that answer"


def feedback_bundle(details: PatientDetails, response: FeedbackResponse, *, rating_text: str) -> dict[str, Any]:
    patient, patient_entry = _patient_entry(details)
    identifier = app_identifier("feedback", str(response.id))
    items: list[dict[str, Any]] = [
        {
            "linkId": "experience",
            "text": FFT_QUESTION,
            "answer": [{"valueCoding": {"system": FFT_QUESTIONNAIRE, "code": response.rating, "display": rating_text}}],
        },
        {"linkId": "context", "text": "Context", "answer": [{"valueString": response.context}]},
    ]
    if response.comment:
        items.append({"linkId": "reason", "text": FFT_REASON, "answer": [{"valueString": response.comment}]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": stable_id("feedback", str(response.id)),
        "identifier": identifier,
        "questionnaire": FFT_QUESTIONNAIRE,
        "status": "completed",
        "subject": reference(patient),
        "authored": response.created_at.isoformat(),
        "item": items,
    }
    return transaction(
        bundle_key=f"feedback:{response.id}",
        entries=[patient_entry, entry(resource, if_none_exist=identifier_condition(identifier))],
        timestamp=response.created_at.isoformat(),
    )


OUTCOMES_QUESTIONNAIRE = APP_SYSTEM.replace("/Id/", "/Questionnaire/") + "goal-outcomes"
OUTCOME_TEXT = {
    "set-goals": "Did you set goals?",
    "supported": "Were you supported to achieve them?",
    "achieved": "Did you achieve them?",
    "what-would-have-helped": "What would have helped?",
    "activities": "Did your daily activities improve?",
}


def outcomes_bundle(details: PatientDetails, survey: OutcomeSurvey) -> dict[str, Any]:
    patient, patient_entry = _patient_entry(details)
    identifier = app_identifier("outcome-survey", str(survey.id))
    items = []
    for link_id, text in OUTCOME_TEXT.items():
        if link_id not in survey.answers:
            continue
        value = survey.answers[link_id]
        answer = (
            {"valueString": value}
            if link_id == "what-would-have-helped"
            else {"valueCoding": {"system": OUTCOMES_QUESTIONNAIRE, "code": value}}
        )
        items.append({"linkId": link_id, "text": text, "answer": [answer]})
    items.append({"linkId": "context", "text": "Asked", "answer": [{"valueString": survey.context}]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": stable_id("outcome-survey", str(survey.id)),
        "identifier": identifier,
        "questionnaire": OUTCOMES_QUESTIONNAIRE,
        "status": "completed",
        "subject": reference(patient),
        "authored": (survey.completed_at or survey.started_at).isoformat(),
        "item": items,
    }
    return transaction(
        bundle_key=f"outcome-survey:{survey.id}",
        entries=[patient_entry, entry(resource, if_none_exist=identifier_condition(identifier))],
        timestamp=(survey.completed_at or survey.started_at).isoformat(),
    )
