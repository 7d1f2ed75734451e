"""Draining the outbox: claim a batch, send each event, record what happened.

Claims: one UPDATE takes a batch of due events and stamps them with this
worker's name and a lease. On PostgreSQL the rows are picked with
`FOR UPDATE SKIP LOCKED`, so two workers claiming at once take different rows
without waiting on each other; on SQLite the database's single writer does
the same job. The sending happens outside any transaction, so the lease is
what keeps a second worker away: a worker killed mid-send leaves a lease that
runs out, and the event is sent again. The hub's conditional create (and the
file transport's overwrite of `<id>.json`) makes that second send harmless.

Outcomes: 2xx delivered; network errors, timeouts and 5xx wait with capped
exponential backoff and jitter, then go again; a 4xx parks the event as
failed with the hub's answer, for an admin to read and retry. Urgent events
(priority 0, red-flag alerts) are claimed first.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, and_, exists, or_, select, update
from sqlmodel import Session

from patient_app import audit, clock
from patient_app.hub.transports import Outgoing, Rejected, Transport, TryAgain
from patient_app.models import OutboxEvent

OUTBOX: Table = OutboxEvent.__table__  # type: ignore[attr-defined]
EARLIER = OUTBOX.alias("earlier")
ERROR_LIMIT = 2000


@dataclass(frozen=True)
class Policy:
    batch_size: int = 50
    lease: timedelta = timedelta(seconds=60)
    # The longest one send can take (connect + read timeouts): never start a
    # send that could outlive the claim.
    send_budget: timedelta = timedelta(seconds=13)
    retry_cap_seconds: float = 300.0
    # Sends in flight at once: the drop folder and the hub both keep up better
    # with a few at a time than one after another.
    concurrency: int = 4


@dataclass
class Report:
    delivered: list[uuid.UUID] = field(default_factory=list)
    retrying: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    failed: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    claimed: int = 0

    @property
    def hub_struggling(self) -> bool:
        return bool(self.retrying)

    def add(self, other: Report) -> None:
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.failed += other.failed
        self.claimed += other.claimed


def backoff_seconds(attempts: int, *, cap: float, rng: Callable[[], float] = random.random) -> float:
    """1, 2, 4, 8 ... seconds up to the cap, each wait between half and all of that.

    The jitter spreads the retries of events that failed together (the hub
    went down), so they do not all come back at the same moment.
    """
    ceiling = min(cap, 2.0 ** max(attempts - 1, 0))
    return ceiling / 2 + rng() * ceiling / 2


def claim(engine: Engine, *, worker: str, policy: Policy, now: datetime) -> list[dict[str, Any]]:
    due = (
        select(OUTBOX.c.id)
        .where(
            OUTBOX.c.status == "pending",
            OUTBOX.c.next_attempt_at <= now,
            or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < now),
            ~_earlier_change_pending(),
        )
        .order_by(OUTBOX.c.priority, OUTBOX.c.next_attempt_at)  # exactly the ready index: no sort
        .limit(policy.batch_size)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite ignores it and serialises writers
    )
    statement = (
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(due.scalar_subquery()))
        .values(claimed_by=worker, claimed_until=now + policy.lease)
        .returning(
            OUTBOX.c.id,
            OUTBOX.c.event_type,
            OUTBOX.c.bundle,
            OUTBOX.c.attempts,
            OUTBOX.c.priority,
            OUTBOX.c.next_attempt_at,
        )
    )
    with engine.begin() as connection:
        rows = [dict(row._mapping) for row in connection.execute(statement)]
    return sorted(rows, key=lambda row: (row["priority"], row["next_attempt_at"]))


def _earlier_change_pending() -> Any:
    """An older event about the same thing (a goal, a pain score) is still to be sent.

    Later events about one thing replace it at the hub (conditional PUT), so
    they must arrive in order: one at a time per aggregate, oldest first, even
    across batches, retries and workers. A parked (failed) event no longer
    holds the others back.
    """
    return exists().where(
        EARLIER.c.aggregate_type == OUTBOX.c.aggregate_type,
        EARLIER.c.aggregate_id == OUTBOX.c.aggregate_id,
        EARLIER.c.status == "pending",
        or_(
            EARLIER.c.created_at < OUTBOX.c.created_at,
            and_(EARLIER.c.created_at == OUTBOX.c.created_at, EARLIER.c.id < OUTBOX.c.id),
        ),
    )


def send_batch(
    engine: Engine,
    transport: Transport,
    *,
    worker: str,
    policy: Policy,
    should_stop: Callable[[], bool] = lambda: False,
) -> Report:
    """Claim one batch and send it, a few at a time, most urgent first.

    Stops starting new sends at the first sign the hub is struggling, when
    asked to stop, or when a send could outlive the claim; sends already in
    hand are always finished and recorded.
    """
    started = clock.now()
    rows = claim(engine, worker=worker, policy=policy, now=started)
    report = Report(claimed=len(rows))
    lease_ends = started + policy.lease
    waiting = list(rows)
    in_hand: dict[Future[None], dict[str, Any]] = {}
    starting = True
    with ThreadPoolExecutor(max_workers=policy.concurrency, thread_name_prefix="hub-send") as pool:
        while waiting or in_hand:
            while starting and waiting and len(in_hand) < policy.concurrency:
                if should_stop() or clock.now() + policy.send_budget > lease_ends:
                    starting = False
                    break
                row = waiting.pop(0)
                outgoing = Outgoing(id=str(row["id"]), event_type=row["event_type"], bundle=row["bundle"])
                in_hand[pool.submit(transport.send, outgoing)] = row
            if not in_hand:
                break
            done, _ = wait(in_hand, return_when=FIRST_COMPLETED)
            for future in done:
                event_id = in_hand.pop(future)["id"]
                try:
                    future.result()
                except TryAgain as exc:
                    report.retrying.append((event_id, str(exc)))
                    starting = False  # the rest of the batch goes back to the queue untouched
                except Rejected as exc:
                    report.failed.append((event_id, str(exc)))
                else:
                    report.delivered.append(event_id)
    transport.flush()
    _record(engine, rows, report, worker=worker, policy=policy)
    return report


def _record(engine: Engine, rows: list[dict[str, Any]], report: Report, *, worker: str, policy: Policy) -> None:
    now = clock.now()
    attempts = {row["id"]: row["attempts"] for row in rows}
    release = {"claimed_by": None, "claimed_until": None}
    mine = OUTBOX.c.claimed_by == worker
    with engine.begin() as connection:
        if report.delivered:
            # Delivered is the truth even if our lease ran out meanwhile.
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(report.delivered))
                .values(
                    status="delivered",
                    delivered_at=now,
                    attempts=OUTBOX.c.attempts + 1,
                    last_error=None,
                    **release,
                )
            )
        for event_id, error in report.failed:
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == event_id, mine)
                .values(status="failed", attempts=attempts[event_id] + 1, last_error=error[:ERROR_LIMIT], **release)
            )
        for event_id, error in report.retrying:
            tries = attempts[event_id] + 1
            wait = backoff_seconds(tries, cap=policy.retry_cap_seconds)
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == event_id, mine)
                .values(
                    attempts=tries,
                    next_attempt_at=now + timedelta(seconds=wait),
                    last_error=error[:ERROR_LIMIT],
                    **release,
                )
            )
        handled = {*report.delivered, *(i for i, _ in report.failed), *(i for i, _ in report.retrying)}
        untouched = [row["id"] for row in rows if row["id"] not in handled]
        if untouched:
            connection.execute(update(OUTBOX).where(OUTBOX.c.id.in_(untouched), mine).values(**release))


def drain(
    engine: Engine,
    transport: Transport,
    *,
    worker: str,
    policy: Policy,
    should_stop: Callable[[], bool] = lambda: False,
) -> Report:
    """Send everything due now; stop at the first sign the hub is struggling."""
    total = Report()
    while not should_stop():
        report = send_batch(engine, transport, worker=worker, policy=policy, should_stop=should_stop)
        total.add(report)
        if report.claimed == 0 or report.hub_struggling:
            break
    return total


def retry_failed(db: Session, *, event_id: uuid.UUID) -> OutboxEvent | None:
    """Put a parked event back in the queue to go now (someone fixed the cause), and say who did."""
    event = db.get(OutboxEvent, event_id, populate_existing=True)
    if event is None or event.status != "failed":
        return None
    event.status = "pending"
    event.attempts = 0
    event.next_attempt_at = clock.now()
    event.claimed_by = event.claimed_until = None
    db.add(event)
    audit.record(db, action="hub.retried_event", patient_id=event.patient_id, subject=str(event.id))
    db.commit()
    return event


def new_worker_name(hostname: str, pid: int) -> str:
    return f"{hostname[:30]}:{pid}:{uuid.uuid4().hex[:8]}"
