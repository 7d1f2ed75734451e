"""`flask --app wsgi hub ...`: drain the outbox once, run a worker, show the figures, sign a test event."""

from __future__ import annotations

import os
import shlex
import socket
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from patient_app import clock
from patient_app.db import get_engine
from patient_app.hub import dispatch, monitoring, signing, transports
from patient_app.hub.worker import Worker
from patient_app.settings import Settings

hub_cli = AppGroup("hub", help="The link to the provider's MSK hub.")


def policy_from(settings: Settings) -> dispatch.Policy:
    return dispatch.Policy(
        batch_size=settings.hub_batch_size,
        lease=timedelta(seconds=settings.hub_lease_seconds),
        send_budget=timedelta(seconds=settings.hub_connect_timeout + settings.hub_read_timeout),
        retry_cap_seconds=settings.hub_retry_cap_seconds,
        concurrency=settings.hub_send_concurrency,
    )


def _where(settings: Settings) -> str:
    if settings.hub_transport == "file":
        return f"the drop folder {settings.hub_drop_path}"
    return f"the hub at {settings.hub_fhir_base_url}"


def _describe(report: dispatch.Report) -> list[str]:
    lines = [
        f"Delivered {len(report.delivered)}, to retry later {len(report.retrying)}, "
        f"refused by the hub {len(report.failed)}."
    ]
    lines += [f"  refused {event_id}: {error}" for event_id, error in report.failed]
    lines += [f"  will retry {event_id}: {error}" for event_id, error in report.retrying]
    return lines


@hub_cli.command("sync")
def sync() -> None:
    """Send everything due now, once, and say what happened."""
    settings = current_app.extensions["settings"]
    name = dispatch.new_worker_name(socket.gethostname(), os.getpid())
    report = dispatch.drain(get_engine(), transports.from_settings(settings), worker=name, policy=policy_from(settings))
    click.echo(f"Sending to {_where(settings)}.")
    for line in _describe(report):
        click.echo(line)
    if report.hub_struggling:
        click.echo("Stopped early: the hub is not answering properly. The rest will go on the next run.")
    _echo_figures()


@hub_cli.command("worker")
@click.option("--idle-seconds", default=1.0, show_default=True, help="How often to look for new events when idle.")
def worker(idle_seconds: float) -> None:
    """Keep sending until SIGTERM or Ctrl-C (the event in hand is finished first)."""
    settings = current_app.extensions["settings"]
    name = dispatch.new_worker_name(socket.gethostname(), os.getpid())

    def show(report: dispatch.Report) -> None:
        stamp = clock.now().strftime("%H:%M:%S")
        for line in _describe(report):
            click.echo(f"[{stamp}] {line}")

    runner = Worker(
        get_engine(),
        transports.from_settings(settings),
        name=name,
        policy=policy_from(settings),
        idle_seconds=idle_seconds,
        on_report=show,
    )
    click.echo(f"Hub worker {name} sending to {_where(settings)}. Stop it with Ctrl-C or SIGTERM.")
    runner.run_until_signalled()
    click.echo(f"Hub worker {name} stopped.")


def _echo_figures() -> None:
    with Session(get_engine()) as db:
        data = monitoring.figures(db)
    click.echo(
        f"Outbox: {data.pending} waiting ({data.retrying} after a failed try), {data.failed} refused, "
        f"{data.delivered} delivered; oldest waiting {data.oldest_pending_seconds:.0f} s."
    )


@hub_cli.command("status")
def status() -> None:
    """The outbox figures and every refused event with the hub's answer."""
    _echo_figures()
    with Session(get_engine()) as db:
        for event in monitoring.failures(db):
            written = f"{event.created_at:%Y-%m-%d %H:%M}"
            click.echo(f"  refused {event.id} {event.event_type} (written {written}): {event.last_error}")


@hub_cli.command("sign-event")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default="http://127.0.0.1:5000/hub/events", show_default=True)
def sign_event(path: Path, url: str) -> None:
    """Print the signature headers, and a curl command, for posting a JSON event file as the hub would."""
    secret = current_app.extensions["settings"].hub_events_secret
    stamp = int(clock.now().timestamp())
    headers = signing.headers(secret, stamp, path.read_bytes())
    for name, value in headers.items():
        click.echo(f"{name}: {value}")
    parts = ["curl", "-sS", "-X", "POST", url, "-H", "Content-Type: application/json"]
    for name, value in headers.items():
        parts += ["-H", f"{name}: {value}"]
    parts += ["--data-binary", f"@{path}"]
    click.echo("")
    click.echo(f"# valid for {signing.WINDOW_SECONDS // 60} minutes:")
    click.echo(shlex.join(parts))
