"""FHIR for a self-referral and for a red-flag alert.

A referral is a transaction Bundle of Patient, ServiceRequest (the referral:
priority from triage, category, body site, self-referral source, reasons and
preferences), QuestionnaireResponse (every answer) and Observations (pain
scores and PROM totals). Licensed instrument wording never leaves in a
bundle: items are identified by number only.
"""

from __future__ import annotations

from typing import Any

from patient_app.hub.fhir.common import (
    APP_SYSTEM,
    LOINC,
    SNOMED,
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
from patient_app.models import RedFlagAlert, Referral
from patient_app.questionnaires.definition import Questionnaire

SERVICE_SYSTEM = APP_SYSTEM.replace("/Id/", "/CodeSystem/") + "msk-service"
SOURCE_SYSTEM = APP_SYSTEM.replace("/Id/", "/CodeSystem/") + "referral-source"
ANSWER_SYSTEM = APP_SYSTEM.replace("/Id/", "/CodeSystem/") + "self-referral-answer"
QUESTIONNAIRE_URL = "https://msk-patient-app.nhs.uk/Questionnaire/"
# SNOMED CT body structures; to be confirmed by the terminology team in review.
BODY_SITES = {
    "neck": ("45048000", "Neck structure"),
    "shoulder": ("16982005", "Shoulder region structure"),
    "elbow": ("127949000", "Elbow region structure"),
    "wrist-hand": ("8205005", "Wrist region structure"),
    "upper-back": ("281156008", "Thoracic back structure"),
    "lower-back": ("37822005", "Lumbar region structure"),
    "hip": ("24136001", "Hip joint structure"),
    "knee": ("72696002", "Knee region structure"),
    "ankle-foot": ("344001", "Ankle region structure"),
}
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}
PAIN_NRS = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
PAIN_VAS = {"system": LOINC, "code": "38214-3", "display": "Pain severity [Score] Visual analog score"}


def referral_patient(referral: Referral) -> PatientDetails:
    return PatientDetails(
        key=str(referral.patient_id or referral.id),
        given_name=referral.given_name,
        family_name=referral.family_name,
        birth_date=referral.date_of_birth,
        postcode=referral.postcode,
        gp_practice_code=referral.gp_practice_code,
        nhs_number=referral.nhs_number,
        email=referral.email,
        mobile=referral.mobile,
    )


def referral_bundle(
    referral: Referral, questionnaire: Questionnaire, *, services: dict[str, str], original_reference: str | None = None
) -> dict[str, Any]:
    details = referral_patient(referral)
    patient = patient_resource(details)
    timestamp = referral.submitted_at.isoformat()
    response = _questionnaire_response(referral, questionnaire, patient, timestamp)
    observations = _observations(referral, patient, timestamp)
    request = _service_request(
        referral=referral,
        patient=patient,
        response=response,
        observations=observations,
        services=services,
        original_reference=original_reference,
    )
    entries = [
        entry(patient, if_none_exist=patient_condition(details)),
        entry(request, if_none_exist=identifier_condition(request["identifier"][0])),
        entry(response, if_none_exist=identifier_condition(response["identifier"])),
        *(entry(obs, if_none_exist=identifier_condition(obs["identifier"][0])) for obs in observations),
    ]
    return transaction(bundle_key=f"referral:{referral.reference}", entries=entries, timestamp=timestamp)


def _service_request(
    *,
    referral: Referral,
    patient: dict[str, Any],
    response: dict[str, Any],
    observations: list[dict[str, Any]],
    services: dict[str, str],
    original_reference: str | None,
) -> dict[str, Any]:
    area = referral.answers.get("body-area", "")
    site_code, site_name = BODY_SITES.get(area, ("", area))
    service_name = services.get(referral.service or "", "Not referred on")
    notes = [
        f"Triage {referral.ruleset_version}: {referral.disposition}. {reason['rule']}: {reason['description']}"
        for reason in referral.triage_reasons
    ]
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": stable_id("service-request", referral.reference),
        "meta": profile("UKCore-ServiceRequest"),
        "identifier": [app_identifier("referral", referral.reference)],
        "status": "active",
        "intent": "order",
        "category": [
            {"coding": [PATIENT_REFERRAL]},
            {"coding": [{"system": SOURCE_SYSTEM, "code": referral.kind, "display": referral.kind.replace("-", " ")}]},
        ],
        "priority": referral.priority,
        "code": {
            "coding": [
                {"system": SERVICE_SYSTEM, "code": referral.service or referral.disposition, "display": service_name}
            ],
            "text": f"Referral to {service_name}",
        },
        "subject": reference(patient),
        "authoredOn": referral.submitted_at.isoformat(),
        "requester": reference(patient),
        "reasonCode": [{"text": f"{site_name or area} problem" + (f", {referral.side} side" if referral.side else "")}],
        "supportingInfo": [reference(response), *(reference(obs) for obs in observations)],
        "note": [{"text": note} for note in notes],
        "patientInstruction": _preferences(referral.answers),
    }
    if site_code:
        request["bodySite"] = [{"coding": [{"system": SNOMED, "code": site_code, "display": site_name}]}]
    if original_reference:
        request["basedOn"] = [{"identifier": app_identifier("referral", original_reference), "type": "ServiceRequest"}]
    return request


def _preferences(answers: dict[str, Any]) -> str:
    parts = []
    if answers.get("advice-first") == "yes":
        parts.append("Would like advice and exercises first.")
    if answers.get("appointment-type"):
        parts.append("Appointment types: " + ", ".join(answers["appointment-type"]) + ".")
    if answers.get("times"):
        parts.append("Usually free: " + ", ".join(answers["times"]) + ".")
    if answers.get("interpreter") == "yes":
        parts.append(f"Needs an interpreter: {answers.get('interpreter-language', 'language not given')}.")
    if answers.get("accessibility-needs"):
        parts.append(f"Access needs: {answers['accessibility-needs']}")
    return " ".join(parts) or "No preferences given."


def _questionnaire_response(
    referral: Referral, questionnaire: Questionnaire, patient: dict[str, Any], timestamp: str
) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for question in questionnaire.questions:
        if question.id not in referral.answers:
            continue
        value = referral.answers[question.id]
        if question.type == "instrument":
            items.extend(
                {
                    "linkId": f"{question.id}-{number}",
                    "answer": [{"valueCoding": {"system": ANSWER_SYSTEM, "code": str(choice)}}],
                }
                for number, choice in sorted(value.items(), key=lambda pair: int(pair[0]))
            )
            continue
        answers = _answers(question.type, question, value)
        if answers:
            items.append({"linkId": question.id, "text": question.text, "answer": answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": stable_id("questionnaire-response", referral.reference),
        "meta": profile("UKCore-QuestionnaireResponse"),
        "identifier": app_identifier("questionnaire-response", referral.reference),
        "questionnaire": f"{QUESTIONNAIRE_URL}{questionnaire.id}|{questionnaire.version}",
        "status": "completed",
        "subject": reference(patient),
        "authored": timestamp,
        "item": items,
    }


def _answers(kind: str, question: Any, value: Any) -> list[dict[str, Any]]:  # noqa: PLR0911 - one per answer type
    if value in (None, "", []):
        return []
    if kind in ("single", "practice"):
        return [{"valueCoding": {"system": ANSWER_SYSTEM, "code": str(value), "display": question.option_label(value)}}]
    if kind == "multiple":
        return [
            {"valueCoding": {"system": ANSWER_SYSTEM, "code": v, "display": question.option_label(v)}} for v in value
        ]
    if kind in ("nrs", "vas", "number"):
        return [{"valueInteger": int(value)}]
    if kind == "date":
        return [{"valueDate": value}]
    if kind == "consent":
        return [{"valueBoolean": True}]
    if kind == "psfs":
        return [{"valueString": f"{row['activity']}: {row['score']}/10"} for row in value]
    if kind == "name":
        return [{"valueString": f"{value['given']} {value['family']}"}]
    return [{"valueString": str(value)}]


def _observations(referral: Referral, patient: dict[str, Any], timestamp: str) -> list[dict[str, Any]]:
    scores = referral.scores
    found: list[dict[str, Any]] = []

    def observation(key: str, code: dict[str, Any], value: int, unit: str) -> dict[str, Any]:
        identifier = app_identifier("observation", f"{referral.reference}:{key}")
        return {
            "resourceType": "Observation",
            "id": stable_id("observation", identifier["value"]),
            "meta": profile("UKCore-Observation"),
            "identifier": [identifier],
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                            "code": "survey",
                            "display": "Survey",
                        }
                    ]
                }
            ],
            "code": {"coding": [code], "text": code["display"]},
            "subject": reference(patient),
            "effectiveDateTime": timestamp,
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": "{score}"},
        }

    if isinstance(scores.get("pain_nrs"), int):
        found.append(observation("pain-nrs", PAIN_NRS, scores["pain_nrs"], "score"))
    if isinstance(scores.get("pain_vas"), int):
        found.append(observation("pain-vas", PAIN_VAS, scores["pain_vas"], "score"))
    for key, name in (("start-back", "Keele STarT Back total score"), ("msk-hq", "MSK-HQ total score")):
        result = scores.get(key)
        if isinstance(result, dict) and isinstance(result.get("total"), int):
            code = {"system": APP_SYSTEM.replace("/Id/", "/CodeSystem/") + "prom", "code": key, "display": name}
            found.append(observation(key, code, result["total"], "score"))
    return found


def red_flag_bundle(alert: RedFlagAlert, *, patient: PatientDetails | None, description: str) -> dict[str, Any]:
    """An urgent alert: a Communication with priority 'stat' (and the patient when we know them)."""
    timestamp = alert.created_at.isoformat()
    identifier = app_identifier("red-flag-alert", str(alert.id))
    communication: dict[str, Any] = {
        "resourceType": "Communication",
        "id": stable_id("red-flag-alert", str(alert.id)),
        "identifier": [identifier],
        "status": "completed",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/communication-category",
                        "code": "alert",
                        "display": "Alert",
                    }
                ]
            }
        ],
        "priority": "stat",
        "sent": timestamp,
        "payload": [
            {
                "contentString": (
                    f"Red flag in self-referral screen ({alert.ruleset_version}): {description}. "
                    f"Answer: {alert.answer}. The patient was shown the '{alert.advice}' advice page "
                    "telling them to get help now. No routine referral was made."
                )
            }
        ],
    }
    entries = []
    if patient is not None:
        patient_entry = patient_resource(patient)
        communication["subject"] = reference(patient_entry)
        entries.append(entry(patient_entry, if_none_exist=patient_condition(patient)))
    entries.append(entry(communication, if_none_exist=identifier_condition(identifier)))
    return transaction(bundle_key=f"red-flag:{alert.id}", entries=entries, timestamp=timestamp)
