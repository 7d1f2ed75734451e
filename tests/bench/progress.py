"""The progress page with two years of daily pain scores: median render time (target under 150 ms).

A patient with a referral baseline, 730 daily VAS scores, 3 goals with weekly
check-ins and monthly PSFS ratings; the signed-in page is fetched through the
test client on SQLite, after a few warm-up requests.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from patient_app import clock, create_app
from patient_app.models import GoalCheckIn, PainEntry, PsfsRating
from patient_app.progress import goals
from tests.conftest import make_settings, sign_in_patient
from tests.support import database
from tests.support.factories import make_patient
from tests.support.pages import PageClient
from tests.support.progress import make_referral

DAYS = 730
RUNS = 40
WARM_UP = 5
TARGET_MS = 150


def _history(db: Session, patient_id: uuid.UUID, now: datetime) -> None:
    start = now - timedelta(days=DAYS)
    db.add_all(
        PainEntry(patient_id=patient_id, scale="vas", score=30 + (n * 7) % 40, recorded_at=start + timedelta(days=n))
        for n in range(DAYS)
    )
    for month in range(24):
        occasion, at = uuid.uuid4(), start + timedelta(days=30 * month)
        db.add_all(
            PsfsRating(
                patient_id=patient_id, occasion_id=occasion, position=i, activity=a, score=3 + month % 6, rated_at=at
            )
            for i, a in enumerate(("Climbing stairs", "Walking to the shops"))
        )
    db.commit()


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = database.fresh_database(database.prepare_template(root), root)
        app = create_app(make_settings(root, url, ratelimit_enabled=False))
        now = clock.now()
        with Session(app.extensions["db_engine"], expire_on_commit=False) as db:
            patient = make_patient(db)
            make_referral(db, patient, submitted_at=now - timedelta(days=DAYS + 5))
            _history(db, patient.id, now)
            for n in range(3):
                goal = goals.set_goal(db, patient=patient, text=f"Goal number {n + 1}", importance="very")
                db.add_all(
                    GoalCheckIn(
                        goal_id=goal.id,
                        patient_id=patient.id,
                        score=week % 11,
                        checked_on=date.today() - timedelta(weeks=week),
                    )
                    for week in range(100)
                )
            db.commit()
        client = PageClient(app.test_client())
        sign_in_patient(client, patient)
        timings = []
        for attempt in range(WARM_UP + RUNS):
            started = time.perf_counter()
            response = client.raw.get("/my-progress")
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if attempt >= WARM_UP:
                timings.append(elapsed)
        size = len(response.data)
        app.extensions["db_engine"].dispose()
    median = statistics.median(timings)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    return [
        f"GET /my-progress, {DAYS} daily VAS scores + 300 goal check-ins + 24 PSFS ratings, SQLite, {RUNS} runs",
        f"median {median:.1f} ms, p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms, "
        f"min {min(timings):.1f} ms ({verdict} the {TARGET_MS} ms target); page {size / 1024:.0f} KiB",
    ]
