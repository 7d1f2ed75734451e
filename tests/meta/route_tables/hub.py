"""The hub link: signed events in, metrics out, and the admins' page."""

from __future__ import annotations

from typing import Any

from tests.meta.routes import Route, World
from tests.support.hub import add_events


def build_world(db: Any, world: World) -> None:
    [event] = add_events(db, 1, prefix="route-table")
    event.status, event.last_error = "failed", "HTTP 422: refused"
    db.add(event)
    db.commit()
    world["failed_hub_event"] = event


ROUTES: list[Route] = [
    # Anyone may call it; only a request signed with the shared secret does anything.
    Route("hub_api.receive_event", "public", ("POST",)),
    Route("hub_api.metrics", "public"),
    Route("hub_admin.status", "staff:admin"),
    Route("hub_admin.retry", "staff:admin", ("POST",), args=lambda w: {"event_id": w["failed_hub_event"].id}),
]
