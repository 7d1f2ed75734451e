"""The hub link as admins and operators see it: the console page, the metrics, the `flask hub` commands."""

from __future__ import annotations

import json
import re
import shlex
from datetime import timedelta
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.hub import signing
from patient_app.models import AuditEvent, OutboxEvent, Patient, Referral
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.hub import add_events, envelope
from tests.support.pages import PageClient
from tests.support.progress import make_referral
from tests.support.referral import walk


def _park(db: Session, event: OutboxEvent, answer: str) -> None:
    event.status, event.attempts, event.last_error = "failed", 1, answer
    db.add(event)
    db.commit()


def test_admins_see_the_figures_and_each_refusal_and_can_retry(
    app: Flask, db: Session, client: PageClient, admin: StaffLogin
) -> None:
    events = add_events(db, 4)
    _park(db, events[0], "HTTP 422: unknown GP practice Y99999")
    events[1].attempts, events[1].last_error = 2, "HTTP 503: down for maintenance"
    db.add(events[1])
    db.commit()
    sign_in_staff(client, admin)
    home = client.get("/staff/")
    assert "Hub link" in home.text()
    page = client.get("/staff/hub")
    assert page.h1 == "Hub link"
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)  # type: ignore[union-attr]
        for row in page.select(".nhsuk-summary-list__row")
    }
    assert rows["Waiting to be sent"] == "3"
    assert rows["Waiting after a failed try"] == "1"
    assert rows["Refused by the hub"] == "1"
    assert rows["Oldest waiting"] != "Nothing is waiting"
    assert page.one(".app-hub-answer").get_text(strip=True) == "HTTP 422: unknown GP practice Y99999"
    assert "HTTP 503: down for maintenance" in page.text()
    retry = f"/staff/hub/events/{events[0].id}/retry"
    after = client.follow(client.post(retry, csrf_from="/staff/hub"))
    assert "The event will be sent again" in after.text()
    db.refresh(events[0])
    assert (events[0].status, events[0].attempts) == ("pending", 0)
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "hub.retried_event")).one()
    assert audit.subject == str(events[0].id)
    assert audit.actor_id == str(admin.record.id)
    again = client.follow(client.post(retry, csrf_from="/staff/hub"))
    assert "not waiting for a retry" in again.text()


def test_only_admins_reach_the_hub_page(client: PageClient, navigator: StaffLogin) -> None:
    sign_in_staff(client, navigator)
    assert client.raw.get("/staff/hub").status_code == 403


def test_metrics_give_the_same_figures_to_monitoring(app: Flask, db: Session) -> None:
    events = add_events(db, 3)
    _park(db, events[2], "HTTP 400: bad")
    clock.freeze(events[0].created_at + timedelta(seconds=90))
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    values = dict(line.split(" ") for line in response.get_data(as_text=True).splitlines() if not line.startswith("#"))
    assert values["hub_outbox_pending"] == "2"
    assert values["hub_outbox_failed"] == "1"
    assert float(values["hub_outbox_oldest_pending_age_seconds"]) == 90.0


def test_a_referral_made_in_the_app_is_a_valid_bundle_in_the_drop_folder_after_sync(
    app: Flask, db: Session, client: PageClient
) -> None:
    walk(client)
    check = client.get("/self-referral/check")
    client.raw.post("/self-referral/check", data={"csrf_token": check.csrf_token()})
    referral = db.exec(select(Referral)).one()
    event = db.exec(select(OutboxEvent).where(OutboxEvent.event_type == "referral.submitted")).one()
    result = app.test_cli_runner().invoke(args=["hub", "sync"])
    assert result.exit_code == 0, result.output
    assert "Delivered 1, to retry later 0, refused by the hub 0." in result.output
    assert "Outbox: 0 waiting" in result.output
    dropped = Path(app.extensions["settings"].hub_drop_path) / f"{event.id}.json"
    bundle = json.loads(dropped.read_text())
    Bundle.model_validate(bundle)
    request = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest")
    assert request["identifier"][0]["value"] == referral.reference
    status = app.test_cli_runner().invoke(args=["hub", "status"])
    assert "0 waiting (0 after a failed try), 0 refused, 1 delivered" in status.output


def test_sign_event_prints_headers_the_endpoint_accepts(
    app: Flask, db: Session, patient: Patient, tmp_path: Path
) -> None:
    referral = make_referral(db, patient)
    path = tmp_path / "booked.json"
    data = {"start": (clock.now() + timedelta(days=7)).isoformat(), "mode": "video"}
    path.write_text(json.dumps(envelope(referral.reference, "appointment.booked", data), indent=2))
    result = app.test_cli_runner().invoke(args=["hub", "sign-event", str(path)])
    assert result.exit_code == 0, result.output
    stamp = re.search(r"^X-Hub-Timestamp: (\d+)$", result.output, re.M)
    signature = re.search(r"^X-Hub-Signature: (sha256=[0-9a-f]{64})$", result.output, re.M)
    assert stamp
    assert signature
    command = shlex.split(result.output.strip().splitlines()[-1])
    assert command[:5] == ["curl", "-sS", "-X", "POST", "http://127.0.0.1:5000/hub/events"]
    assert command[-2:] == ["--data-binary", f"@{path}"]
    response = app.test_client().post(
        "/hub/events",
        data=path.read_bytes(),
        headers={signing.TIMESTAMP_HEADER: stamp.group(1), signing.SIGNATURE_HEADER: signature.group(1)},
    )
    assert response.status_code == 200
    db.refresh(referral)
    assert referral.status == "booked"
