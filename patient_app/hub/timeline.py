"""A referral's timeline in plain English, for the patient's referral page and for staff.

Each stored event (ours, or the hub's) becomes one line. The hub's values
(service names, places, reasons) are shown as the hub wrote them; Jinja
escapes them. A type we have no words for still shows, as a general update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from patient_app.models import ReferralEvent

WHEN = "d MMMM yyyy, h:mmaaa"


@dataclass(frozen=True)
class TimelineLine:
    when: str
    text: str
    event_type: str
    from_hub: bool


def _submitted(data: dict[str, Any]) -> list[str]:
    return [_("You sent your referral.")]


def _received(data: dict[str, Any]) -> list[str]:
    return [_("The muscle, bone and joint team got your referral.")]


def _triaged(data: dict[str, Any]) -> list[str]:
    parts = [_("A clinician read your referral.")]
    if data.get("service"):
        parts.append(_("You will be seen by: %(service)s.", service=data["service"]))
    if data.get("outcome"):
        parts.append(_("What happens next: %(outcome)s", outcome=data["outcome"]))
    if data.get("priority") in ("urgent", "asap", "stat"):
        parts.append(_("It is urgent, so you will be seen sooner."))
    return parts


def _booked(data: dict[str, Any]) -> list[str]:
    try:
        start = datetime.fromisoformat(data["start"])
    except (KeyError, TypeError, ValueError):
        return [_("You have an appointment. The team will tell you when.")]
    day, time = format_datetime(start, "EEEE d MMMM yyyy"), format_datetime(start, "h:mmaaa")
    parts = [_("You have an appointment on %(day)s at %(time)s.", day=day, time=time)]
    mode = data.get("mode")
    if mode == "phone":
        parts.append(_("It is a phone call. We will call you."))
    elif mode == "video":
        parts.append(_("It is a video call. We will send you a link."))
    elif data.get("place"):
        parts.append(_("Go to: %(place)s.", place=data["place"]))
    if data.get("with_whom"):
        parts.append(_("You will see %(person)s.", person=data["with_whom"]))
    return parts


def _cancelled(data: dict[str, Any]) -> list[str]:
    parts = [_("Your appointment was cancelled.")]
    if data.get("reason"):
        parts.append(_("Why: %(reason)s", reason=data["reason"]))
    parts.append(_("The team will contact you to book a new one."))
    return parts


def _discharged(data: dict[str, Any]) -> list[str]:
    parts = [_("Your care with the team has finished.")]
    card = data.get("green_card")
    if isinstance(card, dict) and card.get("valid_until"):
        try:
            until = format_date(date.fromisoformat(card["valid_until"]), "d MMMM yyyy")
        except ValueError:
            until = card["valid_until"]
        parts.append(
            _(
                "You have a green card for %(condition)s. If it comes back before %(date)s, "
                "you can come back to us without seeing your GP.",
                condition=card.get("condition", ""),
                date=until,
            )
        )
    return parts


def _message(data: dict[str, Any]) -> list[str]:
    author = data.get("author")
    if isinstance(author, dict) and author.get("name"):
        return [_("%(name)s sent you a message.", name=author["name"])]
    return [_("The team sent you a message.")]


def _green_card_issued(data: dict[str, Any]) -> list[str]:
    return [_("You were given a green card.")]


def _green_card_used(data: dict[str, Any]) -> list[str]:
    return [_("You used your green card to come back to us.")]


DESCRIBE: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "referral.submitted": _submitted,
    "referral.received": _received,
    "referral.triaged": _triaged,
    "appointment.booked": _booked,
    "appointment.cancelled": _cancelled,
    "referral.discharged": _discharged,
    "message.created": _message,
    "green_card.issued": _green_card_issued,
    "green_card.reaccess_submitted": _green_card_used,
}


def describe(event: ReferralEvent) -> str:
    words = DESCRIBE.get(event.event_type)
    if words is None:
        return _("The team updated your referral.")
    return " ".join(words(event.detail or {}))


def timeline_lines(events: list[ReferralEvent]) -> list[TimelineLine]:
    return [
        TimelineLine(
            when=format_datetime(event.occurred_at, WHEN),
            text=describe(event),
            event_type=event.event_type,
            from_hub=event.hub_event_id is not None,
        )
        for event in events
    ]
