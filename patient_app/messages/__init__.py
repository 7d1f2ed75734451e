"""Messages between patients and the care navigation team, and the navigator console.

`init_app` registers the blueprints and plugs the journey into the shared
hooks: the header's unread badge, `message.created` events from the hub, the
console home card and the content check for bank holidays and red-flag phrases.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import ngettext
from sqlmodel import Session

from patient_app import clock, hooks
from patient_app.access import Role
from patient_app.content.library import Problem
from patient_app.hub import events as hub_timeline
from patient_app.messages import (
    canned_views,  # noqa: F401 - adds its routes on import
    hub_events,
    notify,
    red_flags,
    threads,
    wording,
    working_days,
)
from patient_app.messages.staff_views import bp as staff_bp
from patient_app.messages.views import bp
from patient_app.models import Patient


def _unread_badge(db: Session, patient: Patient) -> str | None:
    count = threads.unread_count(db, patient_id=patient.id)
    return ngettext("%(num)d new", "%(num)d new", count) if count else None


def _data_section(db: Session, patient: Patient) -> tuple[str, Any]:
    """Download my data: every conversation with the messages in it (never staff notes)."""
    return (
        "messages",
        [
            {
                "topic": thread.topic,
                "status": thread.status,
                "started_at": thread.created_at.isoformat(),
                "messages": [
                    {"from": m.author_kind, "name": m.author_name, "at": m.created_at.isoformat(), "text": m.text}
                    for m in threads.messages(db, thread_id=thread.id)
                ],
            }
            for thread in threads.for_patient(db, patient_id=patient.id)
        ],
    )


def _message_from_hub(db: Session, event: dict[str, Any], referral: Any) -> None:
    message = hub_events.receive(db, event, referral)
    # A line on the referral's timeline too ("Nina sent you a message"), as for every hub event.
    hub_timeline.record(db, event, referral)
    if message is not None:
        patient = db.get(Patient, referral.patient_id)
        if patient is not None:
            notify.send_reply_email(patient)


def _content_problems() -> list[Problem]:
    found = [Problem("bank-holidays.yaml", text) for text in working_days.problems(today=clock.london_today())]
    found += [Problem("messages/red-flag-phrases.yaml", text) for text in red_flags.problems()]
    return found


def init_app(app: Flask) -> None:
    from patient_app.console.views import add_console_section  # noqa: PLC0415 - the console imports journeys' hooks

    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    hooks.add_navigation_badge(app, "messages.inbox", _unread_badge)
    hooks.on_hub_event(app, "message.created", _message_from_hub)
    hooks.add_data_section(app, _data_section)
    app.extensions.setdefault("content_checkers", []).append(_content_problems)
    add_console_section(
        app,
        endpoint="messages_staff.inbox_page",
        title="Messages",
        description="Answer patients' messages, pass clinical questions to clinicians",
        roles=frozenset({Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN}),
    )
    add_console_section(
        app,
        endpoint="messages_staff.canned_replies",
        title="Canned replies",
        description="Write the replies navigators can insert into messages",
        roles=frozenset({Role.ADMIN}),
    )
    app.jinja_env.globals.update(
        message_promise=wording.promise,
        message_author=wording.author,
        message_staff_author=wording.staff_author,
        message_time_left=wording.time_left,
        message_read_receipt=wording.read_receipt,
    )
