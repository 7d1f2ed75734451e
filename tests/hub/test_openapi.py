"""The inbound endpoint against its published OpenAPI description, with schemathesis.

Unsigned requests (what anyone on the internet can send) must all be refused
in the documented way; signed ones, with generated bodies, must get one of the
documented answers and never a server error.
"""

from __future__ import annotations

import json
from pathlib import Path

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.core import NotSet
from sqlmodel import Session

from patient_app import clock
from patient_app.hub import signing
from patient_app.models import Patient
from tests.support.progress import make_referral

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "docs" / "hub-events.openapi.yaml")
DOCUMENTED = {200, 400, 401, 404, 413, 429}
BOUNDED = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


@SCHEMA.parametrize()
@BOUNDED
def test_the_events_endpoint_keeps_to_its_openapi_description(app: Flask, case: schemathesis.Case) -> None:
    response = case.call_and_validate(app=app)
    method = case.method.upper()
    if method == "POST":
        # A generated signature never matches our secret: nothing gets in unsigned.
        assert response.status_code == 401
    else:  # schemathesis also tries methods the description does not list
        assert response.status_code == (200 if method == "OPTIONS" else 405)


def _raw(body: object) -> bytes:
    if isinstance(body, NotSet):
        return b""
    if isinstance(body, bytes):
        return body
    return json.dumps(body, default=str).encode()


@SCHEMA.parametrize()
@BOUNDED
def test_signed_generated_events_get_documented_answers(
    app: Flask, db: Session, patient: Patient, case: schemathesis.Case
) -> None:
    if isinstance(case.body, dict) and "referral" in case.body:
        # Aim at a real referral, to reach the handlers (unknown ones are tested in the view tests).
        case.body["referral"] = make_referral(db, patient).reference
    raw = _raw(case.body)
    headers = signing.headers(app.extensions["settings"].hub_events_secret, int(clock.now().timestamp()), raw)
    response = app.test_client().post("/hub/events", data=raw, headers={"Content-Type": "application/json", **headers})
    assert response.status_code in DOCUMENTED - {401, 413, 429}, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    assert set(body) == ({"id", "status"} if response.status_code == 200 else {"error", "status"})
