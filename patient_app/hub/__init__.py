"""The link to the provider's MSK hub: FHIR out through the outbox, signed events in.

`init_app` adds the inbound endpoint, the metrics, the admins' page, the
`flask hub` commands and the built-in handlers for the hub's events.
"""

from __future__ import annotations

from flask import Flask

from patient_app.access import Role
from patient_app.console import views as console
from patient_app.hub import cli, events, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.api)
    app.register_blueprint(views.admin)
    events.register(app)
    app.cli.add_command(cli.hub_cli)
    console.add_console_section(
        app,
        endpoint="hub_admin.status",
        title="Hub link",
        description="What is waiting for the MSK hub, what it refused, and retrying",
        roles=frozenset({Role.ADMIN}),
    )
