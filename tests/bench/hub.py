"""Draining 10,000 pending outbox events: events per second, file transport and fake hub.

Targets on the 2-core machine: file >= 1,000/s, fhir >= 200/s. One worker,
batches of 50, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL. The
fake hub runs in its own process, so its R4B validation does not share our
interpreter; it validates every bundle and honours conditional creates, as
in the reliability tests.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session

from patient_app import create_app
from patient_app.hub import dispatch
from patient_app.models import OutboxEvent
from patient_app.settings import Settings
from tests.conftest import make_settings
from tests.fakes.fhir_hub import FakeHub
from tests.support import database
from tests.support.hub import bulk_events, sender, small_bundle

EVENTS = 10_000
TARGETS = {"file": 1000, "fhir": 200}


def _serve_hub(pipe: Connection) -> None:
    hub = FakeHub().start()
    pipe.send(hub.port)
    pipe.recv()  # until told to stop
    pipe.send(len(hub.bundles))
    hub.stop()


def _drain(settings: Settings) -> tuple[float, int]:
    app = create_app(settings)
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(update(OutboxEvent).values(status="pending", attempts=0, delivered_at=None))
    transport, policy = sender(settings)
    started = time.perf_counter()
    report = dispatch.drain(engine, transport, worker="bench", policy=policy)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, len(report.delivered)


def _one_database(label: str, root: Path) -> list[str]:
    url = database.fresh_database(database.prepare_template(root), root)
    settings = make_settings(root, url, ratelimit_enabled=False, hub_drop_dir=str(root / "drop"))
    app = create_app(settings)
    with Session(app.extensions["db_engine"]) as db:
        bulk_events(db, EVENTS)
    app.extensions["db_engine"].dispose()
    lines = []
    elapsed, sent = _drain(settings)
    lines.append(_line(label, "file", sent, elapsed))
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(target=_serve_hub, args=(child,), daemon=True)
    process.start()
    port = parent.recv()
    fhir = settings.with_overrides(hub_transport="fhir", hub_fhir_base_url=f"http://127.0.0.1:{port}/fhir")
    elapsed, sent = _drain(fhir)
    parent.send("stop")
    held = parent.recv()
    process.join(5)
    lines.append(_line(label, "fhir", sent, elapsed) + f"; the hub holds {held} bundles")
    return lines


def _line(label: str, transport: str, sent: int, elapsed: float) -> str:
    rate = sent / elapsed
    verdict = "meets" if rate >= TARGETS[transport] else "MISSES"
    return (
        f"{label:10} {transport:4}: {sent} events in {elapsed:.1f} s = {rate:,.0f}/s "
        f"({verdict} the {TARGETS[transport]:,}/s target)"
    )


def run() -> list[str]:
    size = len(str(small_bundle("size")).encode())
    lines = [f"{EVENTS:,} pending events (bundles of about {size / 1024:.1f} KiB), one worker, batches of 50"]
    with tempfile.TemporaryDirectory() as folder:
        lines += _one_database("SQLite", Path(folder))
    if database.using_postgres():
        with tempfile.TemporaryDirectory() as folder:
            lines += _one_database("PostgreSQL", Path(folder))
    else:
        lines.append("PostgreSQL: skipped (set TEST_DATABASE_URL)")
    return lines
