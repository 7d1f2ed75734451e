"""'Download my data': everything the app holds about a patient, as JSON and as a PDF."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
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


# For the PDF: keys and ISO timestamps made readable, data left as it is in the JSON.
ACRONYMS = {"gp": "GP", "nhs": "NHS", "msk": "MSK", "psfs": "PSFS", "id": "ID", "vas": "VAS", "nrs": "NRS"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def heading(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").split()
    shown = [ACRONYMS.get(word.lower(), word.lower()) for word in words]
    if shown and shown[0] == shown[0].lower():
        shown[0] = shown[0].capitalize()
    return " ".join(shown)


def as_time(value: Any) -> date | datetime | None:
    """A date or time written as ISO text, to show the way people write dates; else None."""
    if not isinstance(value, str):
        return None
    try:
        if ISO_DATETIME.fullmatch(value[:16]):
            return datetime.fromisoformat(value)
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        return None
    return None
