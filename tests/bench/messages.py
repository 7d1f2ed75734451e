"""The navigator inbox with 20,000 threads: first page median render time (aim under 100 ms) and its queries.

5,000 patients with 4 threads each, in a realistic mix (60 % waiting on the
patient or closed, some urgent, escalated, assigned or overdue). The signed-in
navigator's default view (needs a reply, sorted by time left) is fetched
through the test client (SQLite, or PostgreSQL with TEST_DATABASE_URL) after
a few warm-up requests; the SQL it runs is captured from the engine.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import Session

from patient_app import clock, create_app
from patient_app.access import Role
from patient_app.models import MessageThread, Patient
from tests.conftest import make_settings, sign_in_staff
from tests.support import database
from tests.support.factories import make_staff
from tests.support.pages import PageClient

THREADS = 20_000
PATIENTS = 5_000
RUNS = 40
WARM_UP = 5
TARGET_MS = 100


def _fill(db: Session, staff_ids: list[uuid.UUID]) -> None:
    rng = random.Random(7)
    now = clock.now()
    patients = [
        {
            "id": uuid.uuid4(),
            "email": f"bench{n}@example.com",
            "password_hash": "x",
            "given_name": f"Given{n}",
            "family_name": f"Family{n}",
            "date_of_birth": date(1970, 1, 1),
            "postcode": "LS1 4AP",
            "gp_practice_code": "Y90001",
            "locale": "en",
            "consent_version": "1",
            "consent_at": now,
            "failed_sign_ins": 0,
            "created_at": now,
        }
        for n in range(PATIENTS)
    ]
    db.execute(insert(Patient), patients)
    threads: list[dict[str, Any]] = []
    for n in range(THREADS):
        status = rng.choices(["open", "waiting", "closed"], weights=[4, 3, 3])[0]
        activity = now - timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        threads.append(
            {
                "id": uuid.uuid4(),
                "patient_id": patients[n % PATIENTS]["id"],
                "topic": rng.choice(["referral", "exercises", "green-card", "other"]),
                "status": status,
                "assigned_to_id": rng.choice([None, None, *staff_ids]),
                "escalated": rng.random() < 0.05,
                "urgent": rng.random() < 0.02,
                "due_by": activity + timedelta(days=1) if status == "open" else None,
                "last_activity_at": activity,
                "created_at": activity,
            }
        )
    db.execute(insert(MessageThread), threads)
    db.commit()


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = database.fresh_database(database.prepare_template(root), root)
        app = create_app(make_settings(root, url, ratelimit_enabled=False))
        engine = app.extensions["db_engine"]
        engine_name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(engine.dialect.name, engine.dialect.name)
        with Session(engine, expire_on_commit=False) as db:
            navigator = make_staff(db, Role.NAVIGATOR, name="Bench Navigator")
            colleagues = [make_staff(db, Role.NAVIGATOR).record.id for _ in range(5)]
            _fill(db, [navigator.record.id, *colleagues])
        client = PageClient(app.test_client())
        sign_in_staff(client, navigator)
        timings = []
        statements: list[str] = []
        for attempt in range(WARM_UP + RUNS):
            capture = attempt == WARM_UP + RUNS - 1
            if capture:
                event.listen(engine, "before_cursor_execute", _recorder(statements))
            started = time.perf_counter()
            response = client.raw.get("/staff/messages/")
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if attempt >= WARM_UP:
                timings.append(elapsed)
        size = len(response.data)
        engine.dispose()
    median = statistics.median(timings)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    message_queries = [s for s in statements if "message_thread" in s]
    lines = [
        f"GET /staff/messages/ (needs a reply, by time left), {THREADS} threads, {PATIENTS} patients, "
        f"{engine_name}, {RUNS} runs",
        f"median {median:.1f} ms, p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms, "
        f"min {min(timings):.1f} ms ({verdict} the {TARGET_MS} ms target); page {size / 1024:.0f} KiB",
        f"{len(statements)} queries in the request, {len(message_queries)} on message threads:",
    ]
    lines += ["  " + " ".join(s.split())[:140] for s in statements]
    return lines


def _recorder(statements: list[str]) -> Any:
    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    return record
