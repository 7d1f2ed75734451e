"""Patients' messages and the navigator console for them."""

from __future__ import annotations

from typing import Any

from patient_app.messages import canned
from tests.meta.routes import Route, World
from tests.support.messages import start_thread

CONSOLE = "staff:admin,clinician,navigator"
ADMIN = "staff:admin"


def build_world(db: Any, world: World) -> None:
    world["thread_a"] = start_thread(db, world["patient_a"])
    world["canned_reply"] = canned.save(db, reply=None, title="Booked", text="Hello {first_name}")


def _thread(world: World) -> dict[str, Any]:
    return {"thread_id": world["thread_a"].id}


ROUTES: list[Route] = [
    Route("messages.inbox", "patient"),
    Route("messages.new_topic", "patient", ("GET", "POST")),
    Route("messages.new_message", "patient", ("GET", "POST"), args=lambda w: {"topic": "other"}),
    Route("messages.thread", "patient", ("GET", "POST"), args=_thread, owner="patient_a"),
    Route("messages.get_help_now", "patient", args=_thread, owner="patient_a"),
    Route("messages_staff.inbox_page", CONSOLE),
    Route("messages_staff.thread", CONSOLE, args=_thread),
    Route("messages_staff.reply", CONSOLE, ("POST",), args=_thread),
    Route("messages_staff.add_note", CONSOLE, ("POST",), args=_thread),
    Route("messages_staff.assign", CONSOLE, ("POST",), args=_thread),
    Route("messages_staff.escalate", CONSOLE, ("GET", "POST"), args=_thread),
    Route("messages_staff.close", CONSOLE, ("POST",), args=_thread),
    Route("messages_staff.reopen", CONSOLE, ("POST",), args=_thread),
    Route("messages_staff.canned_replies", ADMIN),
    Route("messages_staff.new_canned_reply", ADMIN, ("GET", "POST")),
    Route(
        "messages_staff.edit_canned_reply", ADMIN, ("GET", "POST"), args=lambda w: {"reply_id": w["canned_reply"].id}
    ),
    Route("messages_staff.delete_canned_reply", ADMIN, ("POST",), args=lambda w: {"reply_id": w["canned_reply"].id}),
]
