"""Sentences the message pages show: when to expect a reply, who wrote, how long is left."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _

from patient_app import clock
from patient_app.clock import LONDON
from patient_app.models import Message, MessageThread


def clock_time(moment: datetime) -> str:
    """NHS style: 5pm, 10:30am (London time)."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def promise(thread: MessageThread) -> str:
    """What the patient can expect next, in one sentence."""
    if thread.status == "closed":
        return _("This conversation is closed. If you send a message, it will open again.")
    if thread.status == "open" and thread.due_by is not None:
        return _(
            "We aim to reply by %(time)s on %(day)s.",
            time=clock_time(thread.due_by),
            day=format_datetime(thread.due_by, "EEEE d MMMM"),
        )
    return _("The team has replied. Send a message if you need anything else.")


def author(message: Message) -> str:
    if message.author_kind == "patient":
        return _("You")
    if message.author_kind == "clinician":
        return _("%(name)s, clinician", name=message.author_name or _("the care team"))
    return _("%(name)s, care navigation team", name=message.author_name or _("the care team"))


def staff_author(message: Message) -> str:
    if message.author_kind == "patient":
        return _("Patient")
    if message.author_kind == "clinician":
        return _("%(name)s (clinician)", name=message.author_name or "")
    return _("%(name)s (navigator)", name=message.author_name or "")


def _duration(seconds: float) -> str:
    hours = int(seconds // 3600)
    if hours >= 48:
        return _("%(count)d days", count=hours // 24)
    if hours >= 1:
        return _("%(count)d hours", count=hours) if hours != 1 else _("1 hour")
    return _("%(count)d minutes", count=max(int(seconds // 60), 1))


def time_left(thread: MessageThread, now: datetime | None = None) -> tuple[str, bool]:
    """(text, overdue) for the inbox's "Time left" column."""
    if thread.status != "open" or thread.due_by is None:
        return "", False
    seconds = (thread.due_by - (now or clock.now())).total_seconds()
    if seconds < 0:
        return _("Overdue by %(duration)s", duration=_duration(-seconds)), True
    return _("%(duration)s left", duration=_duration(seconds)), False


def read_receipt(thread: MessageThread, message: Message) -> str:
    """For the patient's own messages: when the team opened the conversation after it."""
    if message.author_kind != "patient" or thread.staff_read_at is None or thread.staff_read_at < message.created_at:
        return ""
    return _(
        "Read by the team at %(time)s on %(day)s",
        time=clock_time(thread.staff_read_at),
        day=format_datetime(thread.staff_read_at, "d MMMM"),
    )
