"""Building blocks every mapping uses: identifiers, the patient, entries, the bundle.

Resource ids are UUIDv5s of a business key, so a resend of the same thing has
the same ids and the same business identifiers, and the hub's conditional
create (If-None-Exist) recognises it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
# Our own business identifier systems, one per kind of thing we send.
APP_SYSTEM = "https://msk-patient-app.nhs.uk/Id/"
UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"

_NAMESPACE = uuid.UUID("6f1a3c52-9b7e-4d0f-8a21-3c4e5f607182")


def stable_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def app_identifier(kind: str, value: str) -> dict[str, str]:
    return {"system": APP_SYSTEM + kind, "value": value}


def profile(name: str) -> dict[str, list[str]]:
    return {"profile": [UK_CORE + name]}


@dataclass(frozen=True)
class PatientDetails:
    """Who the event is about, as we know them (an account or a guest's referral)."""

    key: str  # our stable key: the account id, or the referral id for a guest
    given_name: str
    family_name: str
    birth_date: str  # ISO date
    postcode: str | None = None
    gp_practice_code: str | None = None
    nhs_number: str | None = None
    email: str | None = None
    mobile: str | None = None


def patient_resource(details: PatientDetails) -> dict[str, Any]:
    identifiers: list[dict[str, Any]] = [app_identifier("patient", details.key)]
    if details.nhs_number:
        identifiers.insert(
            0,
            {
                "extension": [
                    {
                        "url": UK_CORE.replace("StructureDefinition/", "StructureDefinition/Extension-")
                        + "UKCore-NHSNumberVerificationStatus",
                        "valueCodeableConcept": {
                            "coding": [
                                {
                                    "system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland",
                                    "code": "02",
                                    "display": "Number present but not traced",
                                }
                            ]
                        },
                    }
                ],
                "system": NHS_NUMBER_SYSTEM,
                "value": details.nhs_number,
            },
        )
    telecom = []
    if details.mobile:
        telecom.append({"system": "phone", "value": details.mobile, "use": "mobile"})
    if details.email:
        telecom.append({"system": "email", "value": details.email, "use": "home"})
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": stable_id("patient", details.key),
        "meta": profile("UKCore-Patient"),
        "identifier": identifiers,
        "name": [{"use": "usual", "family": details.family_name, "given": [details.given_name]}],
        "birthDate": details.birth_date,
    }
    if telecom:
        resource["telecom"] = telecom
    if details.postcode:
        resource["address"] = [{"use": "home", "postalCode": details.postcode}]
    if details.gp_practice_code:
        resource["generalPractitioner"] = [
            {"identifier": {"system": ODS_SYSTEM, "value": details.gp_practice_code}, "type": "Organization"}
        ]
    return resource


def patient_condition(details: PatientDetails) -> str:
    """If-None-Exist for the patient: the NHS number when we have it, else our own key."""
    if details.nhs_number:
        return f"identifier={NHS_NUMBER_SYSTEM}|{details.nhs_number}"
    return f"identifier={APP_SYSTEM}patient|{details.key}"


def reference(resource: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


def entry(resource: dict[str, Any], *, if_none_exist: str) -> dict[str, Any]:
    return {
        "fullUrl": f"urn:uuid:{resource['id']}",
        "resource": resource,
        "request": {"method": "POST", "url": resource["resourceType"], "ifNoneExist": if_none_exist},
    }


def identifier_condition(identifier: dict[str, str]) -> str:
    return f"identifier={identifier['system']}|{identifier['value']}"


def transaction(*, bundle_key: str, entries: list[dict[str, Any]], timestamp: str) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "id": stable_id("bundle", bundle_key),
        "identifier": app_identifier("bundle", bundle_key),
        "type": "transaction",
        "timestamp": timestamp,
        "entry": entries,
    }


class InvalidBundle(ValueError):
    pass


def validate(bundle: dict[str, Any]) -> None:
    """Refuse anything the R4B models reject: an invalid bundle never reaches the outbox."""
    try:
        Bundle.model_validate(bundle)
    except Exception as exc:
        raise InvalidBundle(str(exc)) from exc
