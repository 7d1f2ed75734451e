"""How the link to the hub is doing: counts, the oldest waiting event, the failures.

One query feeds the admin page, `flask hub status` and the metrics endpoint,
so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from patient_app import clock
from patient_app.models import OutboxEvent


@dataclass(frozen=True)
class Figures:
    pending: int
    retrying: int  # pending events that have failed at least once
    failed: int
    delivered: int
    oldest_pending_at: datetime | None
    now: datetime

    @property
    def oldest_pending_seconds(self) -> float:
        if self.oldest_pending_at is None:
            return 0.0
        return max((self.now - self.oldest_pending_at).total_seconds(), 0.0)


def figures(db: Session) -> Figures:
    counts = dict(db.exec(select(OutboxEvent.status, func.count()).group_by(col(OutboxEvent.status))).all())
    retrying = db.exec(select(func.count()).where(OutboxEvent.status == "pending", col(OutboxEvent.attempts) > 0)).one()
    oldest = db.exec(select(func.min(OutboxEvent.created_at)).where(OutboxEvent.status == "pending")).one()
    if oldest is not None and oldest.tzinfo is None:  # SQLite loses the offset in aggregates
        oldest = oldest.replace(tzinfo=clock.now().tzinfo)
    return Figures(
        pending=counts.get("pending", 0),
        retrying=retrying,
        failed=counts.get("failed", 0),
        delivered=counts.get("delivered", 0),
        oldest_pending_at=oldest,
        now=clock.now(),
    )


def failures(db: Session, *, limit: int = 100) -> list[OutboxEvent]:
    return list(
        db.exec(
            select(OutboxEvent).where(OutboxEvent.status == "failed").order_by(col(OutboxEvent.created_at)).limit(limit)
        )
    )


def struggling(db: Session, *, limit: int = 20) -> list[OutboxEvent]:
    """Pending events that have been tried and are waiting to go again."""
    return list(
        db.exec(
            select(OutboxEvent)
            .where(OutboxEvent.status == "pending", col(OutboxEvent.attempts) > 0)
            .order_by(col(OutboxEvent.priority), col(OutboxEvent.created_at))
            .limit(limit)
        )
    )


def prometheus(data: Figures) -> str:
    lines = [
        "# HELP hub_outbox_pending Events waiting to be sent to the hub.",
        "# TYPE hub_outbox_pending gauge",
        f"hub_outbox_pending {data.pending}",
        "# HELP hub_outbox_retrying Waiting events that have failed at least once (network, timeout, 5xx).",
        "# TYPE hub_outbox_retrying gauge",
        f"hub_outbox_retrying {data.retrying}",
        "# HELP hub_outbox_failed Events the hub refused (4xx), parked for an admin.",
        "# TYPE hub_outbox_failed gauge",
        f"hub_outbox_failed {data.failed}",
        "# HELP hub_outbox_delivered Events the hub has.",
        "# TYPE hub_outbox_delivered gauge",
        f"hub_outbox_delivered {data.delivered}",
        "# HELP hub_outbox_oldest_pending_age_seconds Age of the oldest waiting event (0 when none wait).",
        "# TYPE hub_outbox_oldest_pending_age_seconds gauge",
        f"hub_outbox_oldest_pending_age_seconds {data.oldest_pending_seconds:.3f}",
    ]
    return "\n".join(lines) + "\n"
