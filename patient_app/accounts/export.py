"""'Download my data': everything the app holds about a patient, as JSON and as a PDF."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from patient_app import clock
from patient_app.hooks import data_sections
from patient_app.models import Patient
from patient_app.service_area import practice


def collect(db: Session, patient: Patient) -> dict[str, Any]:
    gp = practice(patient.gp_practice_code)
    data: dict[str, Any] = {
        "generated_at": clock.now().isoformat(),
        "account": {
            "name": patient.full_name,
            "email": patient.email,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "postcode": patient.postcode,
            "mobile": patient.mobile,
            "gp_practice": gp.label if gp else patient.gp_practice_code,
            "nhs_number": patient.nhs_number,
            "language": patient.locale,
            "privacy_notice_agreed": patient.consent_version,
            "privacy_notice_agreed_at": patient.consent_at.isoformat(),
            "account_created_at": patient.created_at.isoformat(),
        },
    }
    for title, section in data_sections(db, patient):
        data[title] = section
    return data


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
