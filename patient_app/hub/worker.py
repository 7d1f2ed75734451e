"""The long-running outbox worker: drains continuously, stops cleanly on SIGTERM.

On SIGTERM (or Ctrl-C) it finishes the event in hand, records every outcome
so far, hands back the rest of its batch and exits. Killed harder than that
(SIGKILL, a lost machine), its claim runs out and another worker resends what
was in flight; the hub's conditional create keeps that from doubling.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

from sqlalchemy import Engine

from patient_app.hub.dispatch import Policy, Report, backoff_seconds, send_batch
from patient_app.hub.transports import Transport

# While the hub is struggling, probe it at most this far apart (the events
# themselves back off further on their own).
MAX_PAUSE_SECONDS = 30.0


class Worker:
    def __init__(
        self,
        engine: Engine,
        transport: Transport,
        *,
        name: str,
        policy: Policy,
        idle_seconds: float = 1.0,
        on_report: Callable[[Report], None] = lambda report: None,
    ) -> None:
        self.engine = engine
        self.transport = transport
        self.name = name
        self.policy = policy
        self.idle_seconds = idle_seconds
        self.on_report = on_report
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        struggles = 0
        while not self.stopping.is_set():
            report = send_batch(
                self.engine, self.transport, worker=self.name, policy=self.policy, should_stop=self.stopping.is_set
            )
            if report.claimed:
                self.on_report(report)
            if report.delivered:
                struggles = 0
            if report.hub_struggling:
                struggles += 1
                pause = backoff_seconds(struggles, cap=min(MAX_PAUSE_SECONDS, self.policy.retry_cap_seconds))
            elif report.claimed == 0:
                pause = self.idle_seconds
            else:
                pause = 0.0
            self.stopping.wait(pause)

    def run_until_signalled(self) -> None:
        def handle(signum: int, frame: FrameType | None) -> None:
            self.stop()

        previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
