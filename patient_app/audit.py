"""Writing to the append-only audit log: who did what, to whose record, when, from where."""

from __future__ import annotations

import uuid
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlmodel import Session

from patient_app import clock
from patient_app.models import AuditEvent


def _actor() -> tuple[str, str | None]:
    if not has_request_context():
        return "system", None
    if getattr(current_user, "is_staff", False):
        return "staff", str(current_user.record.id)
    if getattr(current_user, "is_patient", False):
        return "patient", str(current_user.record.id)
    return "anonymous", None


def record(
    db: Session,
    *,
    action: str,
    patient_id: uuid.UUID | None = None,
    subject: str | None = None,
    actor: tuple[str, str | None] | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit row to the caller's transaction (it commits with the change it describes)."""
    actor_type, actor_id = actor or _actor()
    row = AuditEvent(
        at=clock.now(),
        actor_type=actor_type,
        actor_id=actor_id,
        action=action,
        patient_id=patient_id,
        subject=subject,
        ip_address=request.remote_addr if has_request_context() else None,
        detail={key: str(value) for key, value in detail.items()},
    )
    db.add(row)
    return row


def record_now(db: Session, **kwargs: Any) -> None:
    """Record and commit at once: for reads (a staff member opening a record)."""
    record(db, **kwargs)
    db.commit()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(*_args: Any) -> None:
    raise PermissionError("the audit log is append-only")
