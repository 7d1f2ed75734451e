"""Delivering the outbox: the drop folder, the fake hub, failures, retries, priorities."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.hub import dispatch, outbox
from patient_app.models import OutboxEvent
from patient_app.settings import Settings
from tests.fakes.fhir_hub import FakeHub
from tests.support.hub import add_events, fhir_settings, sender, small_bundle, statuses


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        yield fake


def _drain(app: Flask, settings: Settings) -> dispatch.Report:
    transport, policy = sender(settings)
    return dispatch.drain(app.extensions["db_engine"], transport, worker="test-worker", policy=policy)


def _later(seconds: float) -> None:
    """Move the clock past every backoff so waiting events are due again."""
    clock.freeze(clock.now() + timedelta(seconds=seconds))


def test_file_transport_writes_each_bundle_whole_as_its_event_id(app: Flask, db: Session, settings: Settings) -> None:
    events = add_events(db, 3)
    report = _drain(app, settings)
    folder = settings.hub_drop_path
    assert sorted(report.delivered) == sorted(event.id for event in events)
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{event.id}.json" for event in events)
    for event in events:
        Bundle.model_validate(json.loads((folder / f"{event.id}.json").read_text()))
    assert statuses(db) == {"delivered": 3}
    # Nothing is due any more: a second run sends nothing and leaves no temporary files.
    assert _drain(app, settings).claimed == 0
    assert not [path for path in folder.iterdir() if path.suffix != ".json"]


def test_a_resend_to_the_drop_folder_replaces_the_file(app: Flask, db: Session, settings: Settings) -> None:
    [event] = add_events(db, 1)
    _drain(app, settings)
    event.status = "pending"
    db.add(event)
    db.commit()
    _drain(app, settings)
    assert [path.name for path in Path(settings.hub_drop_path).iterdir()] == [f"{event.id}.json"]


def test_fhir_transport_posts_conditional_creates(app: Flask, db: Session, settings: Settings, hub: FakeHub) -> None:
    events = add_events(db, 2)
    report = _drain(app, fhir_settings(settings, hub))
    assert len(report.delivered) == 2
    first = next(r for r in hub.requests if r.headers["X-Request-ID"] == str(events[0].id))
    assert first.headers["Content-Type"] == "application/fhir+json"
    assert first.headers["If-None-Exist"] == "identifier=https://msk-patient-app.nhs.uk/Id/bundle|test-note:n0"
    assert "Authorization" not in first.headers  # no token URL, no auth header
    assert len(hub.stored("Communication")) == 2
    assert len(hub.stored("Patient")) == 1  # the second bundle's patient matched the first


def test_hub_down_then_up_delivers_every_event_once(app: Flask, db: Session, settings: Settings, hub: FakeHub) -> None:
    add_events(db, 12)
    config = fhir_settings(settings, hub, hub_batch_size=5)
    hub.slow_seconds = 0.8
    hub.stop()  # connection refused
    assert _drain(app, config).hub_struggling
    hub.start()
    for failure in ("503", "slow", "drop", "drop-after-commit"):
        hub.fail_next(failure)
        _later(400)
        report = _drain(app, config)
        assert report.retrying, failure
    _later(400)
    _drain(app, config)
    assert statuses(db) == {"delivered": 12}
    assert hub.duplicates() == {}
    assert len(hub.stored("Communication")) == 12
    # What the hub committed before the connection dropped was sent again, and recognised.
    assert max(hub.bundle_posts().values()) >= 2


def test_retries_back_off_exponentially_with_jitter_up_to_a_cap() -> None:
    low = [dispatch.backoff_seconds(n, cap=300, rng=lambda: 0.0) for n in range(1, 12)]
    high = [dispatch.backoff_seconds(n, cap=300, rng=lambda: 1.0) for n in range(1, 12)]
    assert high[:5] == [1, 2, 4, 8, 16]
    assert low[:5] == [0.5, 1, 2, 4, 8]
    assert high[-1] == 300
    assert low[-1] == 150


def test_a_failed_try_waits_before_the_next(app: Flask, db: Session, settings: Settings, hub: FakeHub) -> None:
    [event] = add_events(db, 1)
    hub.fail_next("503")
    report = _drain(app, fhir_settings(settings, hub))
    assert report.retrying
    assert not report.delivered
    db.refresh(event)
    assert event.status == "pending"
    assert event.attempts == 1
    assert "HTTP 503" in (event.last_error or "")
    assert event.next_attempt_at > clock.now()
    assert event.claimed_by is None
    assert _drain(app, fhir_settings(settings, hub)).claimed == 0  # not due yet


def test_a_4xx_parks_the_event_with_the_hubs_answer_and_the_rest_flow(
    app: Flask, db: Session, settings: Settings, hub: FakeHub
) -> None:
    events = add_events(db, 5)
    hub.reject_identifiers.add("https://msk-patient-app.nhs.uk/Id/bundle|test-note:n2")
    report = _drain(app, fhir_settings(settings, hub))
    assert len(report.delivered) == 4
    assert [event_id for event_id, _ in report.failed] == [events[2].id]
    db.refresh(events[2])
    assert events[2].status == "failed"
    assert events[2].last_error == (
        "HTTP 422: ServiceRequest rejected: unknown GP practice in https://msk-patient-app.nhs.uk/Id/bundle|test-note:n2"
    )
    _later(3600)
    assert _drain(app, fhir_settings(settings, hub)).claimed == 0  # parked: never retried by itself


def test_an_admin_retry_sends_a_parked_event_again(app: Flask, db: Session, settings: Settings, hub: FakeHub) -> None:
    [event] = add_events(db, 1)
    hub.fail_next("422")
    _drain(app, fhir_settings(settings, hub))
    assert dispatch.retry_failed(db, event_id=event.id) is not None
    assert dispatch.retry_failed(db, event_id=event.id) is None  # already back in the queue
    assert len(_drain(app, fhir_settings(settings, hub)).delivered) == 1
    assert statuses(db) == {"delivered": 1}


def test_urgent_events_go_before_routine_ones(app: Flask, db: Session, settings: Settings) -> None:
    add_events(db, 30, prefix="routine")
    [urgent] = add_events(db, 1, priority=outbox.URGENT, prefix="red-flag")
    transport, policy = sender(settings.with_overrides(hub_batch_size=10, hub_send_concurrency=1))
    report = dispatch.send_batch(app.extensions["db_engine"], transport, worker="w", policy=policy)
    assert report.delivered[0] == urgent.id


def test_a_claimed_event_is_not_taken_by_another_worker_until_its_lease_ends(
    app: Flask, db: Session, settings: Settings
) -> None:
    add_events(db, 3)
    engine, policy = app.extensions["db_engine"], sender(settings)[1]
    first = dispatch.claim(engine, worker="a", policy=policy, now=clock.now())
    assert len(first) == 3
    assert dispatch.claim(engine, worker="b", policy=policy, now=clock.now()) == []
    # Worker a died without a word: once its lease runs out, b takes the events over.
    later = clock.now() + policy.lease + timedelta(seconds=1)
    assert len(dispatch.claim(engine, worker="b", policy=policy, now=later)) == 3
    owners = {event.claimed_by for event in db.exec(select(OutboxEvent))}
    assert owners == {"b"}


def test_no_send_starts_that_could_outlive_the_claim(app: Flask, db: Session, settings: Settings) -> None:
    add_events(db, 2)
    transport, policy = sender(settings)
    tight = dispatch.Policy(batch_size=10, lease=timedelta(seconds=10), send_budget=timedelta(seconds=11))
    report = dispatch.send_batch(app.extensions["db_engine"], transport, worker="w", policy=tight)
    assert report.claimed == 2
    assert report.delivered == []
    assert statuses(db) == {"pending": 2}
    assert all(event.claimed_by is None for event in db.exec(select(OutboxEvent)))
    assert len(dispatch.send_batch(app.extensions["db_engine"], transport, worker="w", policy=policy).delivered) == 2


def test_changes_to_one_thing_reach_the_hub_in_order_even_across_retries(
    app: Flask, db: Session, settings: Settings, hub: FakeHub
) -> None:
    # A goal set, then achieved: the second replaces the first at the hub, so it must not overtake it.
    clock.freeze(clock.now())
    versions = []
    for n in range(3):
        versions.append(
            outbox.enqueue(
                db,
                event_type="goal.changed",
                aggregate_type="goal",
                aggregate_id="goal-1",
                bundle=small_bundle(f"goal-1-v{n}"),
            )
        )
        clock.freeze(clock.now() + timedelta(seconds=1))
    [other] = add_events(db, 1, prefix="other")
    db.commit()
    engine, policy = app.extensions["db_engine"], sender(settings)[1]
    claimed = dispatch.claim(engine, worker="a", policy=policy, now=clock.now())
    assert {row["id"] for row in claimed} == {versions[0].id, other.id}

    # The first version fails for a while: the later versions wait behind it.
    clock.freeze(clock.now() + policy.lease + timedelta(seconds=1))
    one_at_a_time = fhir_settings(settings, hub).with_overrides(hub_send_concurrency=1)
    hub.fail_next("503", times=1)
    first = _drain(app, one_at_a_time)
    assert [event_id for event_id, _ in first.retrying] == [versions[0].id]
    for _round in range(3):
        _later(3600)
        _drain(app, one_at_a_time)
    posted = [
        r.body["identifier"]["value"]
        for r in hub.requests
        if r.body and "identifier" in r.body and r.body["identifier"]["value"].startswith("test-note:goal-1")
    ]
    assert posted == ["test-note:goal-1-v0", "test-note:goal-1-v0", "test-note:goal-1-v1", "test-note:goal-1-v2"]
    assert statuses(db) == {"delivered": 4}
