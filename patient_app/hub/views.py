"""HTTP for the hub link: signed events in, metrics out, and the admins' page.

Thin views: the checking lives in `signing` and `inbound`, the figures in
`monitoring`, the retry in `dispatch`.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from patient_app import clock, hooks
from patient_app.access import Role, public, staff_only
from patient_app.db import get_session
from patient_app.extensions import csrf, limiter
from patient_app.hub import dispatch, events, inbound, monitoring, signing

api = Blueprint("hub_api", __name__)
admin = Blueprint("hub_admin", __name__, url_prefix="/staff/hub")

# An event is a few hundred bytes; a message a few thousand. Anything bigger is refused unread.
MAX_EVENT_BYTES = 64 * 1024
EVENT_RATE = "600 per minute"


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message, status=status), status


@api.post("/hub/events")
@public
@csrf.exempt
@limiter.limit(EVENT_RATE)
def receive_event() -> tuple[Response, int]:
    request.max_content_length = MAX_EVENT_BYTES  # larger bodies answer 413 before they are read
    body = request.get_data(cache=False)
    settings = current_app.extensions["settings"]
    try:
        signing.verify(
            secret=settings.hub_events_secret,
            timestamp=request.headers.get(signing.TIMESTAMP_HEADER),
            given=request.headers.get(signing.SIGNATURE_HEADER),
            body=body,
            now=clock.now().timestamp(),
        )
    except signing.BadSignature as exc:
        return _error(401, str(exc))
    handlers = hooks.hub_event_handlers()
    try:
        event = inbound.parse(body, extra_types=frozenset(handlers))
        stored = inbound.receive(get_session(), event, handlers=handlers, fallback=events.record)
    except inbound.Malformed as exc:
        return _error(400, str(exc))
    except inbound.UnknownReferral:
        return _error(404, "no referral has that reference")
    return jsonify(id=event.id, status="stored" if stored else "duplicate, ignored"), 200


@api.get("/metrics")
@public
def metrics() -> Response:
    """Counts only, no personal data: for the monitoring system to scrape and alert on."""
    body = monitoring.prometheus(monitoring.figures(get_session()))
    return Response(body, mimetype="text/plain", headers={"Cache-Control": "no-store"})


@admin.get("")
@staff_only(Role.ADMIN)
def status() -> str:
    db = get_session()
    return render_template(
        "hub/status.jinja",
        figures=monitoring.figures(db),
        failures=monitoring.failures(db),
        struggling=monitoring.struggling(db),
        transport=current_app.extensions["settings"].hub_transport,
    )


@admin.post("/events/<uuid:event_id>/retry")
@staff_only(Role.ADMIN)
def retry(event_id: uuid.UUID) -> WerkzeugResponse:
    if dispatch.retry_failed(get_session(), event_id=event_id) is None:
        flash(_("That event is not waiting for a retry. It may have been retried already."))
    else:
        flash(_("The event will be sent again in the next few seconds."))
    return redirect(url_for("hub_admin.status"))
