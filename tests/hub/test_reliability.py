"""Nothing lost, nothing doubled: real worker processes killed and stopped, two workers at once.

The worker runs as `flask --app wsgi hub worker` in a subprocess against the
test's database and the fake hub on loopback, exactly as in production.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select

from patient_app.hub import dispatch
from patient_app.hub.transports import Outgoing
from patient_app.models import OutboxEvent
from patient_app.settings import Settings
from tests.fakes.fhir_hub import FakeHub
from tests.support.database import using_postgres
from tests.support.hub import add_events, bulk_events, sender, statuses

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        yield fake


def _start_worker(settings: Settings, hub: FakeHub, *, concurrency: int = 4) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "APP_ENV": "test",
        "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": settings.database_url,
        "INSTANCE_PATH": str(settings.instance_path),
        "LICENSED_STRINGS_PATH": settings.licensed_strings_path,
        "HUB_EVENTS_SECRET": settings.hub_events_secret,
        "HUB_TRANSPORT": "fhir",
        "HUB_FHIR_BASE_URL": hub.base_url,
        "HUB_CONNECT_TIMEOUT": "0.3",
        "HUB_READ_TIMEOUT": "0.7",
        "HUB_LEASE_SECONDS": "2",
        "HUB_BATCH_SIZE": "5",
        "HUB_SEND_CONCURRENCY": str(concurrency),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "hub", "worker", "--idle-seconds", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(condition: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def _all_delivered(db: Session, count: int) -> bool:
    return statuses(db) == {"delivered": count}


@pytest.mark.wall_clock  # the worker is another process, on the machine's clock
def test_a_worker_killed_mid_send_loses_nothing_and_doubles_nothing(
    app: Flask, db: Session, settings: Settings, hub: FakeHub
) -> None:
    add_events(db, 10)
    # The third bundle reaches the hub and is committed there; the worker dies before hearing back.
    hub.fail_next("hang-after-commit", after=2)
    worker = _start_worker(settings, hub)
    try:
        assert hub.committed.wait(20), "the worker never sent anything"
        worker.send_signal(signal.SIGKILL)
        worker.wait(5)
    finally:
        hub.release.set()
        if worker.poll() is None:
            worker.kill()
    assert statuses(db) == {"pending": 10}  # those answered 2xx in the same batch were not recorded either
    restarted = _start_worker(settings, hub)
    try:
        _wait_for(lambda: _all_delivered(db, 10))
    finally:
        restarted.send_signal(signal.SIGTERM)
        output = restarted.communicate(timeout=10)[0]
    assert restarted.returncode == 0, output
    assert len(hub.stored("Communication")) == 10
    assert hub.duplicates() == {}
    posts = hub.bundle_posts()
    assert set(posts.values()) == {1, 2}
    assert list(posts.values()).count(2) >= 3  # at least the three in hand were sent again, and recognised


@pytest.mark.wall_clock  # the worker is another process, on the machine's clock
def test_sigterm_finishes_the_event_in_hand_and_hands_back_the_rest(
    app: Flask, db: Session, settings: Settings, hub: FakeHub
) -> None:
    add_events(db, 5)
    hub.fail_next("hang-after-commit", after=1)
    worker = _start_worker(settings, hub, concurrency=1)
    try:
        assert hub.committed.wait(20), "the worker never sent anything"
        worker.send_signal(signal.SIGTERM)
        time.sleep(0.2)  # the signal has landed while the send is in hand
        hub.release.set()
        output = worker.communicate(timeout=10)[0]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "stopped" in output
    db.expire_all()
    events = db.exec(select(OutboxEvent).order_by(OutboxEvent.aggregate_id)).all()
    assert [event.status for event in events] == ["delivered", "delivered", "pending", "pending", "pending"]
    assert all(event.claimed_by is None for event in events)  # the rest are free for the next worker at once


class RecordingTransport:
    """Counts sends per event, from any thread; a little latency lets the workers interleave."""

    name = "recording"

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.lock = threading.Lock()

    def send(self, event: Outgoing) -> None:
        time.sleep(0.0005)
        with self.lock:
            self.sent[event.id] += 1

    def flush(self) -> None:
        pass


@pytest.mark.database
@pytest.mark.skipif(not using_postgres(), reason="two workers at once need PostgreSQL (TEST_DATABASE_URL)")
def test_two_workers_on_postgresql_send_each_of_1000_events_once(app: Flask, db: Session, settings: Settings) -> None:
    bulk_events(db, 1000)
    transport = RecordingTransport()
    policy = sender(settings.with_overrides(hub_batch_size=20))[1]
    engine = app.extensions["db_engine"]
    reports: list[dispatch.Report] = []

    def work(name: str) -> None:
        reports.append(dispatch.drain(engine, transport, worker=name, policy=policy))

    workers = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(60)
    assert len(transport.sent) == 1000
    assert set(transport.sent.values()) == {1}
    assert all(len(report.delivered) > 100 for report in reports), "both workers should have taken a share"
    assert _all_delivered(db, 1000)
