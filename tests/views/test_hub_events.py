"""Signed events from the hub: stored once, shown on the referral's timeline, forgeries refused."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, select

from patient_app import clock, hooks
from patient_app.models import AuditEvent, InboundHubEvent, Message, Patient, Referral, ReferralEvent
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.hub import envelope, post_event
from tests.support.pages import PageClient
from tests.support.progress import make_referral


def booked(start: datetime | None = None) -> dict[str, Any]:
    """An appointment the hub booked, a week from the clock's now unless given."""
    return {
        "start": (start or clock.now() + timedelta(days=7)).isoformat(),
        "mode": "in-person",
        "place": "Leeds MSK Hub, Room 4",
        "with_whom": "Sam, physiotherapist",
    }


@pytest.fixture
def referral(db: Session, patient: Patient) -> Referral:
    return make_referral(db, patient)


def _snapshot(db: Session, referral: Referral) -> tuple[Any, ...]:
    db.expire_all()
    return (
        db.exec(select(func.count()).select_from(InboundHubEvent)).one(),
        db.exec(select(func.count()).select_from(ReferralEvent)).one(),
        db.exec(select(func.count()).select_from(AuditEvent)).one(),
        db.get(Referral, referral.id).status,  # type: ignore[union-attr]
    )


def test_a_signed_booking_shows_on_the_patients_timeline(
    app: Flask, db: Session, referral: Referral, patient_client: PageClient
) -> None:
    clock.freeze(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))  # a week before; the line below names the date
    start = datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
    response = post_event(app, envelope(referral.reference, "appointment.booked", booked(start), event_id="hub-1"))
    assert response.status_code == 200
    assert response.json == {"id": "hub-1", "status": "stored"}
    db.refresh(referral)
    assert referral.status == "booked"
    page = patient_client.get(f"/my-referrals/{referral.id}")
    lines = [item.get_text(" ", strip=True) for item in page.select(".app-timeline li")]
    assert any(
        "You have an appointment on Tuesday 12 January 2027 at 2:30PM." in line
        and "Go to: Leeds MSK Hub, Room 4." in line
        and "You will see Sam, physiotherapist." in line
        for line in lines
    ), lines


def test_every_event_type_moves_the_referral_on_in_plain_english(
    app: Flask, db: Session, referral: Referral, patient_client: PageClient
) -> None:
    start = clock.now()
    steps: list[tuple[str, dict[str, Any], str, str]] = [
        ("referral.received", {}, "received", "got your referral"),
        (
            "referral.triaged",
            {"outcome": "Physiotherapy appointment", "service": "MSK physiotherapy", "priority": "urgent"},
            "triaged",
            "You will be seen by: MSK physiotherapy. What happens next: Physiotherapy appointment It is urgent",
        ),
        ("appointment.booked", {**booked(), "mode": "phone"}, "booked", "It is a phone call."),
        ("appointment.cancelled", {"reason": "The clinician is ill"}, "awaiting-booking", "Why: The clinician is ill"),
        ("appointment.booked", {**booked(), "mode": "video"}, "booked", "It is a video call."),
        ("referral.discharged", {}, "discharged", "Your care with the team has finished."),
    ]
    for n, (kind, data, status, words) in enumerate(steps):
        body = envelope(referral.reference, kind, data, occurred_at=start + timedelta(minutes=n))
        assert post_event(app, body).status_code == 200, kind
        db.refresh(referral)
        assert referral.status == status
        page = patient_client.get(f"/my-referrals/{referral.id}")
        assert words in page.select(".app-timeline li")[-1].get_text(" ", strip=True)


def test_late_news_does_not_undo_newer_news(app: Flask, db: Session, referral: Referral) -> None:
    now = clock.now()
    post_event(app, envelope(referral.reference, "appointment.booked", booked(), occurred_at=now))
    post_event(app, envelope(referral.reference, "referral.received", {}, occurred_at=now - timedelta(days=2)))
    db.refresh(referral)
    assert referral.status == "booked"
    assert len(db.exec(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)).all()) == 2


def test_a_discharge_green_card_is_stored_and_handed_to_the_green_card_journey(
    app: Flask, db: Session, referral: Referral, patient_client: PageClient
) -> None:
    handed: list[tuple[Any, ...]] = []
    hooks.on_green_card_from_hub(app, lambda db, ref, card, at: handed.append((ref.id, card, at)))
    card = {
        "body_area": "knee",
        "side": "left",
        "condition": "knee pain",
        "valid_until": (clock.london_today() + timedelta(weeks=26)).isoformat(),
        "clinician": "Sam Physio",
    }
    occurred = clock.now().replace(microsecond=0)
    post_event(app, envelope(referral.reference, "referral.discharged", {"green_card": card}, occurred_at=occurred))
    line = db.exec(select(ReferralEvent).where(ReferralEvent.event_type == "referral.discharged")).one()
    assert line.detail == {"green_card": card}
    assert handed == [(referral.id, card, occurred)]
    page = patient_client.get(f"/my-referrals/{referral.id}")
    until = date.fromisoformat(card["valid_until"])
    assert f"You have a green card for knee pain. If it comes back before {until.day} {until:%B %Y}" in page.text()


def test_a_hub_message_reaches_the_patients_thread_and_timeline(
    app: Flask, db: Session, referral: Referral, patient_client: PageClient
) -> None:
    data = {
        "message_id": "m-1",
        "author": {"name": "Nina", "role": "clinician"},
        "text": "Hello, how is the knee?",
    }
    assert post_event(app, envelope(referral.reference, "message.created", data)).status_code == 200
    line = db.exec(select(ReferralEvent).where(ReferralEvent.event_type == "message.created")).one()
    assert line.detail == data
    db.refresh(referral)
    assert referral.status == "submitted"
    message = db.exec(select(Message).where(Message.hub_message_id == "m-1")).one()
    assert (message.author_kind, message.text) == ("clinician", "Hello, how is the knee?")
    page = patient_client.get(f"/my-referrals/{referral.id}")
    assert "Nina sent you a message." in page.text()


def test_a_hub_message_for_a_referral_without_an_account_is_refused_and_changes_nothing(
    app: Flask, db: Session, referral: Referral
) -> None:
    referral.patient_id = None
    db.add(referral)
    db.commit()
    before = _snapshot(db, referral)
    data = {"message_id": "m-2", "author": {"name": "Nina", "role": "clinician"}, "text": "Hello"}
    response = post_event(app, envelope(referral.reference, "message.created", data))
    assert response.status_code == 400
    assert "no patient account" in response.json["error"]
    assert _snapshot(db, referral) == before


def test_a_repeat_delivery_is_acknowledged_and_ignored(app: Flask, db: Session, referral: Referral) -> None:
    body = envelope(referral.reference, "referral.received", {}, event_id="hub-42")
    assert post_event(app, body).status_code == 200
    before = _snapshot(db, referral)
    again = post_event(app, body)
    assert again.status_code == 200
    assert again.json == {"id": "hub-42", "status": "duplicate, ignored"}
    assert _snapshot(db, referral) == before


@pytest.mark.parametrize(
    "case",
    [
        ({"secret": "not-the-shared-secret-at-all-0123456789"}, 401, "signature does not match"),
        ({"headers": {"X-Hub-Signature": ""}}, 401, "missing signature headers"),
        ({"headers": {"X-Hub-Signature": "sha256=" + "0" * 64}}, 401, "signature does not match"),
        ({"timestamp": -301}, 401, "more than 5 minutes"),  # seconds from now
        ({"timestamp": +400}, 401, "more than 5 minutes"),
        ({"headers": {"X-Hub-Timestamp": "yesterday"}}, 401, "Unix seconds"),
    ],
)
def test_forged_or_stale_events_are_refused_and_change_nothing(
    app: Flask, db: Session, referral: Referral, case: tuple[dict[str, Any], int, str]
) -> None:
    change, status, error = case
    if "timestamp" in change:
        change = {"timestamp": int(clock.now().timestamp()) + change["timestamp"]}
    before = _snapshot(db, referral)
    response = post_event(app, envelope(referral.reference, "referral.received", {}), **change)
    assert response.status_code == status
    assert error in response.json["error"]
    assert _snapshot(db, referral) == before


@pytest.mark.parametrize(
    "case",
    [
        (b"{not json", 400, "not JSON"),
        (b"[]", 400, "JSON object"),
        ({"id": ""}, 400, "id must be"),
        ({"type": "referral.exploded"}, 400, "unknown event type"),
        ({"occurred_at": "last Tuesday"}, 400, "occurred_at"),
        ({"occurred_at": "2001-12-01T10:00:00"}, 400, "time zone"),  # any instant: the offset is missing
        ({"type": "referral.triaged", "data": {"service": "physio"}}, 400, "data.outcome"),
        (
            # Any start will do (an old one, so no test here depends on today): the mode is what is wrong.
            {"type": "appointment.booked", "data": {"start": "2001-01-12T14:30:00Z", "mode": "carrier pigeon"}},
            400,
            "mode",
        ),
        ({"type": "appointment.booked", "data": {"start": "2001-01-12T14:30:00Z", "mode": "in-person"}}, 400, "place"),
        ({"type": "referral.discharged", "data": {"green_card": {"condition": "knee"}}}, 400, "green_card"),
        ({"type": "message.created", "data": {"message_id": "m", "text": "hi"}}, 400, "author"),
        ({"referral": "NOSUCHREF00"}, 404, "no referral"),
    ],
)
def test_malformed_events_and_unknown_referrals_are_refused_and_change_nothing(
    app: Flask, db: Session, referral: Referral, case: tuple[Any, int, str]
) -> None:
    body, status, error = case
    if isinstance(body, dict):
        body = {**envelope(referral.reference, "referral.received", {}), **body}
    before = _snapshot(db, referral)
    response = post_event(app, body)
    assert response.status_code == status
    assert response.is_json
    assert error in response.json["error"]
    assert _snapshot(db, referral) == before


def test_an_oversized_event_is_refused_unread(app: Flask, db: Session, referral: Referral) -> None:
    data = {"message_id": "m", "author": {"name": "N", "role": "r"}, "text": "x" * 70_000}
    before = _snapshot(db, referral)
    response = post_event(app, json.dumps(envelope(referral.reference, "message.created", data)).encode())
    assert response.status_code == 413
    assert _snapshot(db, referral) == before


def test_inbound_events_are_rate_limited(app: Flask, referral: Referral) -> None:
    body = envelope(referral.reference, "referral.received", {}, event_id="same")
    codes = [post_event(app, body).status_code for _ in range(605)]
    assert codes[:600] == [200] * 600
    assert codes[-1] == 429


def test_staff_see_the_hubs_events_on_the_referral(
    app: Flask, db: Session, referral: Referral, client: PageClient, navigator: StaffLogin
) -> None:
    post_event(app, envelope(referral.reference, "appointment.cancelled", {}))
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/referrals/{referral.id}")
    text = page.text()
    assert "Your appointment was cancelled. The team will contact you to book a new one." in text
    assert "(appointment.cancelled, from the hub)" in text
