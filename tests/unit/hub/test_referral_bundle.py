"""The referral and red-flag bundles: valid R4B, UK Core specifics, stable ids, no licensed wording."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from patient_app.hub.fhir.common import NHS_NUMBER_SYSTEM, UK_CORE, PatientDetails
from patient_app.hub.fhir.referral import red_flag_bundle, referral_bundle
from patient_app.models import RedFlagAlert, Referral
from patient_app.questionnaires.definition import self_referral
from patient_app.triage.rules import load

QUESTIONNAIRE = self_referral()
SERVICES = load(questionnaire=QUESTIONNAIRE).services


def _referral(**overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "id": uuid.UUID("00000000-0000-4000-8000-000000000001"),
        "reference": "ACDEFGHJKMX",
        "draft_id": uuid.uuid4(),
        "given_name": "Jo",
        "family_name": "Bloggs",
        "date_of_birth": "1975-04-03",
        "email": "jo@example.com",
        "mobile": "07700900982",
        "postcode": "LS1 4AP",
        "gp_practice_code": "Y90002",
        "nhs_number": "9990000018",
        "body_area": "back",
        "side": None,
        "answers": {
            "body-area": "lower-back",
            "pain-now": 5,
            "tried": ["physio"],
            "advice-first": "no",
            "interpreter": "yes",
            "interpreter-language": "Polish",
            "start-back": {str(n): "agree" for n in range(1, 9)} | {"9": "extremely"},
            "consent": True,
        },
        "scores": {"pain_nrs": 5, "pain_vas": 48, "start-back": {"total": 9, "psychosocial": 5, "group": "high"}},
        "disposition": "urgent-msk",
        "service": "fcp",
        "priority": "urgent",
        "triage_reasons": [{"rule": "UR-WEAK-01", "description": "Weakness", "evidence": {}}],
        "ruleset_version": "2026.11-1",
        "submitted_at": datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
    }
    values.update(overrides)
    return Referral(**values)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_referral_bundle_is_valid_r4b_with_uk_core_details() -> None:
    bundle = referral_bundle(_referral(), QUESTIONNAIRE, services=SERVICES)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "transaction"
    patient = _resources(bundle, "Patient")[0]
    assert patient["meta"]["profile"] == [UK_CORE + "UKCore-Patient"]
    assert patient["identifier"][0]["system"] == NHS_NUMBER_SYSTEM
    assert patient["identifier"][0]["value"] == "9990000018"
    request = _resources(bundle, "ServiceRequest")[0]
    assert request["meta"]["profile"] == [UK_CORE + "UKCore-ServiceRequest"]
    assert request["priority"] == "urgent"
    assert request["category"][0]["coding"][0]["code"] == "3457005"
    assert request["category"][1]["coding"][0]["code"] == "self-referral"
    assert request["bodySite"][0]["coding"][0]["code"] == "37822005"
    assert "interpreter: Polish" in request["patientInstruction"]
    assert request["requester"] == request["subject"]
    codes = {obs["code"]["coding"][0]["code"] for obs in _resources(bundle, "Observation")}
    assert {"72514-3", "38214-3", "start-back"} <= codes
    for entry in bundle["entry"]:
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["ifNoneExist"].startswith("identifier=")


def test_a_resend_is_recognisably_the_same() -> None:
    first = referral_bundle(_referral(), QUESTIONNAIRE, services=SERVICES)
    again = referral_bundle(_referral(), QUESTIONNAIRE, services=SERVICES)
    assert first == again
    other = referral_bundle(_referral(reference="ACDEFGHJKMN"), QUESTIONNAIRE, services=SERVICES)
    assert {e["fullUrl"] for e in other["entry"]} != {e["fullUrl"] for e in first["entry"]}


def test_without_an_nhs_number_the_patient_is_matched_on_our_identifier() -> None:
    bundle = referral_bundle(_referral(nhs_number=None), QUESTIONNAIRE, services=SERVICES)
    patient_entry = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert NHS_NUMBER_SYSTEM not in json.dumps(patient_entry)
    assert patient_entry["request"]["ifNoneExist"].endswith("patient|00000000-0000-4000-8000-000000000001")


def test_licensed_wording_never_leaves_in_a_bundle() -> None:
    bundle = json.dumps(referral_bundle(_referral(), QUESTIONNAIRE, services=SERVICES))
    assert "placeholder" not in bundle.lower()
    assert '"linkId": "start-back-9"' in bundle


def test_red_flag_alert_is_a_stat_communication_with_or_without_a_patient() -> None:
    alert = RedFlagAlert(
        id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
        draft_id=uuid.uuid4(),
        flag="RF-CES-01",
        answer="not-sure",
        advice="cauda-equina",
        ruleset_version="2026.11-1",
        created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    )
    anonymous = red_flag_bundle(alert, patient=None, description="Possible cauda equina syndrome")
    Bundle.model_validate(anonymous)
    [communication] = _resources(anonymous, "Communication")
    assert communication["priority"] == "stat"
    assert "subject" not in communication
    known = red_flag_bundle(
        alert,
        patient=PatientDetails(key="p1", given_name="Jo", family_name="Bloggs", birth_date="1975-04-03"),
        description="Possible cauda equina syndrome",
    )
    Bundle.model_validate(known)
    assert _resources(known, "Communication")[0]["subject"]["reference"].startswith("urn:uuid:")
