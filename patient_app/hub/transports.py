"""How a bundle leaves the app: a drop folder, or a POST to the hub's FHIR server.

Every transport has the same shape: `send(event)` returns when the hub has the
bundle, raises `TryAgain` for anything that may work later (network errors,
timeouts, 5xx) and `Rejected` when the hub refuses this bundle (4xx). The
dispatcher knows nothing else about transports, so a third one (the Booking
and Referral Standard's `$process-message`) is one more class in `TRANSPORTS`.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

import requests

from patient_app.hub.fhir.common import identifier_condition
from patient_app.hub.oauth import TokenSource, TokenUnavailable
from patient_app.settings import Settings

# Statuses that say nothing about the bundle itself: our credentials, or the
# hub asking us to slow down. Retried like a 5xx instead of parked.
RETRYABLE_4XX = frozenset({401, 403, 408, 425, 429})
ANSWER_LIMIT = 1500


@dataclass(frozen=True)
class Outgoing:
    """What a transport needs from an outbox row."""

    id: str
    event_type: str
    bundle: dict[str, Any]


class TryAgain(Exception):
    """The hub may take it later: back off and resend."""


class Rejected(Exception):
    """The hub refused this bundle. Resending it unchanged will not help."""

    def __init__(self, status: int, answer: str) -> None:
        super().__init__(f"HTTP {status}: {answer}")
        self.status = status
        self.answer = answer


class Transport(Protocol):
    name: str

    def send(self, event: Outgoing) -> None:
        """Called from several threads at once: keep per-send state local."""

    def flush(self) -> None:
        """Make what `send` delivered durable, before the outbox marks it delivered."""


class FileTransport:
    """A drop folder, like a MESH mailbox: `<event id>.json`, written whole or not at all."""

    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._dirty = False

    def send(self, event: Outgoing) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{event.id}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(json.dumps(event.bundle, ensure_ascii=False))
                file.flush()
                os.fsync(file.fileno())
            # A reader sees the old file or the new one, never half of one; a
            # resend of the same event replaces its file, so nothing doubles.
            os.replace(temporary, self.folder / f"{event.id}.json")
        except OSError as exc:  # a full or missing disk may be fixed: keep the event
            raise TryAgain(f"drop folder: {exc.strerror or exc}") from exc
        self._dirty = True

    def flush(self) -> None:
        if not self._dirty:
            return
        # The renames are durable only once the folder itself is synced.
        descriptor = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        self._dirty = False


class FhirTransport:
    """POST the transaction Bundle to the hub's base URL, created only if none exists."""

    name = "fhir"
    content_type: ClassVar[str] = "application/fhir+json"

    def __init__(self, *, base_url: str, tokens: TokenSource, timeout: tuple[float, float]) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.timeout = timeout
        self._local = threading.local()  # one connection pool per sending thread

    @property
    def http(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        session: requests.Session = self._local.session
        return session

    def send(self, event: Outgoing) -> None:
        response = self._post(event)
        if response.status_code == 401 and self.tokens.configured:
            # The token may have been revoked early: fetch a fresh one once.
            self.tokens.forget()
            response = self._post(event)
        status = response.status_code
        if 200 <= status < 300:
            return
        answer = _answer(response)
        if 400 <= status < 500 and status not in RETRYABLE_4XX:
            raise Rejected(status, answer)
        # 5xx, and redirects (a base URL that moved is a setting to fix, not a bad bundle).
        raise TryAgain(f"HTTP {status}: {answer}")

    def _post(self, event: Outgoing) -> requests.Response:
        try:
            headers = {
                "Content-Type": self.content_type,
                "Accept": self.content_type,
                # The bundle's business identifier: a resend creates nothing new.
                "If-None-Exist": identifier_condition(event.bundle["identifier"]),
                "X-Request-ID": event.id,
                **self.tokens.header(),
            }
            body = json.dumps(event.bundle)
            return self.http.post(
                self.base_url, data=body, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        except TokenUnavailable as exc:
            raise TryAgain(str(exc)) from exc
        except requests.Timeout as exc:
            raise TryAgain("the hub did not answer in time") from exc
        except requests.RequestException as exc:
            raise TryAgain(f"could not reach the hub: {type(exc).__name__}") from exc

    def flush(self) -> None:
        """Nothing to do: a 2xx means the hub has committed it."""


def _answer(response: requests.Response) -> str:
    """The hub's own words, preferring an OperationOutcome's diagnostics."""
    try:
        body = response.json()
    except ValueError:
        return (response.text or response.reason or "").strip()[:ANSWER_LIMIT]
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        issues = body.get("issue") or []
        words = [
            str(issue.get("diagnostics") or (issue.get("details") or {}).get("text") or issue.get("code"))
            for issue in issues
            if isinstance(issue, dict)
        ]
        if words:
            return "; ".join(words)[:ANSWER_LIMIT]
    return json.dumps(body)[:ANSWER_LIMIT]


def _file(settings: Settings) -> Transport:
    return FileTransport(settings.hub_drop_path)


def _fhir(settings: Settings) -> Transport:
    timeout = (settings.hub_connect_timeout, settings.hub_read_timeout)
    tokens = TokenSource(
        token_url=settings.hub_token_url,
        client_id=settings.hub_client_id,
        client_secret=settings.hub_client_secret,
        timeout=timeout,
    )
    return FhirTransport(base_url=settings.hub_fhir_base_url, tokens=tokens, timeout=timeout)


# HUB_TRANSPORT chooses one of these.
TRANSPORTS: dict[str, Callable[[Settings], Transport]] = {"file": _file, "fhir": _fhir}


def from_settings(settings: Settings) -> Transport:
    return TRANSPORTS[settings.hub_transport](settings)
