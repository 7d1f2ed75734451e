"""A fake MSK hub on loopback: a real HTTP server in a thread, speaking enough FHIR.

It validates each transaction Bundle with the R4B models, honours the
bundle-level `If-None-Exist` header, each entry's `ifNoneExist` (conditional
create) and conditional PUT (`Type?identifier=...`), and records everything,
so a test can tell "sent twice" (two requests) from "duplicated at the hub"
(two resources with one business identifier). It can be told to fail: refuse
connections, answer 503 or a 4xx, answer too slowly, drop the connection
(before or after committing), or hang after committing until released.
It also serves an OAuth2 client-credentials token endpoint at /token.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fhir.resources.R4B.bundle import Bundle

FAILURES = ("503", "422", "slow", "drop", "drop-after-commit", "hang-after-commit")


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class FakeHub:
    def __init__(self, *, client_id: str = "", client_secret: str = "", token_lifetime: int = 3600) -> None:
        self.client_id, self.client_secret, self.token_lifetime = client_id, client_secret, token_lifetime
        self.port = 0
        self.lock = threading.Lock()
        self.requests: list[Received] = []
        self.token_requests = 0
        self.tokens: set[str] = set()
        self.bundles: dict[str, dict[str, Any]] = {}  # bundle identifier -> our answer
        self.resources: dict[str, dict[str, Any]] = {}  # "Type/id" -> resource
        self.index: dict[tuple[str, str], str] = {}  # (type, "system|value") -> "Type/id"
        self.created: Counter[tuple[str, str]] = Counter()  # creations per business identifier
        self.failures: deque[str | None] = deque()  # None: answer that request normally
        self.reject_identifiers: set[str] = set()  # bundle identifiers answered 422, every time
        self.slow_seconds = 2.0
        self.committed = threading.Event()  # set when a hang-after-commit request has committed
        self.release = threading.Event()
        self._server: _Server | None = None
        self._connections: set[socket.socket] = set()
        self._ids = itertools.count(1)

    # --- Running -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/fhir"

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Go down: stop listening (connections are refused) and cut every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self.lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self.release.set()

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, mode: str, times: int = 1, *, after: int = 0) -> None:
        """Fail the next `times` bundle POSTs as `mode`, after answering `after` of them normally."""
        if mode not in FAILURES:
            raise ValueError(mode)
        with self.lock:
            self.failures.extend([None] * after + [mode] * times)

    # --- What it holds ---------------------------------------------------------------

    def bundle_posts(self) -> Counter[str]:
        """How many times each bundle identifier was POSTed (resends included)."""
        return Counter(
            f"{r.body['identifier']['system']}|{r.body['identifier']['value']}"
            for r in self.requests
            if r.path == "/fhir" and r.body and "identifier" in r.body
        )

    def duplicates(self) -> dict[tuple[str, str], int]:
        """Business identifiers that ended up on more than one created resource (must be empty)."""
        return {key: count for key, count in self.created.items() if count > 1}

    def stored(self, resource_type: str) -> list[dict[str, Any]]:
        return [r for key, r in self.resources.items() if key.startswith(resource_type + "/")]

    # --- The FHIR part -----------------------------------------------------------------

    def transaction(self, bundle: dict[str, Any], if_none_exist: str | None) -> tuple[int, dict[str, Any]]:
        try:
            Bundle.model_validate(bundle)
        except Exception as exc:  # noqa: BLE001 - any validation error is the client's fault
            return 400, _outcome("invalid", f"not a valid R4B Bundle: {exc}"[:500])
        if bundle.get("type") != "transaction":
            return 400, _outcome("invalid", "expected a transaction Bundle")
        key = f"{bundle['identifier']['system']}|{bundle['identifier']['value']}"
        with self.lock:
            if key in self.reject_identifiers:
                return 422, _outcome("business-rule", f"ServiceRequest rejected: unknown GP practice in {key}")
            condition = (if_none_exist or "").removeprefix("identifier=")
            if condition and condition in self.bundles:
                return 200, self.bundles[condition]
            answers = [self._entry(entry) for entry in bundle.get("entry", [])]
            response = {"resourceType": "Bundle", "type": "transaction-response", "entry": answers}
            self.bundles[key] = response
        return 200, response

    def _entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        resource, request = entry["resource"], entry["request"]
        kind = resource["resourceType"]
        if request["method"] == "PUT" and "?identifier=" in request["url"]:
            condition = request["url"].split("?identifier=", 1)[1]
            existing = self.index.get((kind, condition))
            if existing:
                self.resources[existing] = resource
                return {"response": {"status": "200 OK", "location": existing}}
            return self._create(kind, resource, condition)
        condition = (request.get("ifNoneExist") or "").removeprefix("identifier=")
        if condition and (kind, condition) in self.index:
            return {"response": {"status": "200 OK", "location": self.index[(kind, condition)]}}
        return self._create(kind, resource, condition)

    def _create(self, kind: str, resource: dict[str, Any], condition: str) -> dict[str, Any]:
        location = f"{kind}/{next(self._ids)}"
        self.resources[location] = resource
        identifiers = resource.get("identifier") or []
        for identifier in identifiers if isinstance(identifiers, list) else [identifiers]:
            self.index[(kind, f"{identifier.get('system')}|{identifier.get('value')}")] = location
        self.created[(kind, condition or location)] += 1
        return {"response": {"status": "201 Created", "location": location}}


def _outcome(code: str, text: str) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code, "diagnostics": text}]}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `fake.requests` instead."""

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's
        # algorithm and the client's delayed ACK add 40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.fake.lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.fake.lock:
            self.fake._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def _reply(self, status: int, body: dict[str, Any], content_type: str = "application/fhir+json") -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (it timed out); nothing to do

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/token":
            self._token(raw)
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        fake = self.fake
        with fake.lock:
            fake.requests.append(Received(self.path, dict(self.headers.items()), body))
            failure = fake.failures.popleft() if fake.failures else None
        if fake.client_id:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in fake.tokens:
                self._reply(401, _outcome("login", "no valid bearer token"))
                return
        if self.path != "/fhir" or not isinstance(body, dict):
            self._reply(400, _outcome("invalid", "POST a transaction Bundle to the base URL"))
            return
        if failure and self._fail_before_commit(failure):
            return
        status, answer = fake.transaction(body, self.headers.get("If-None-Exist"))
        if failure == "drop-after-commit":
            self.close_connection = True
            return
        if failure == "hang-after-commit":
            fake.committed.set()
            fake.release.wait(10)
        self._reply(status, answer)

    def _fail_before_commit(self, failure: str) -> bool:
        """Answer as told instead of committing; False for failures that happen after the commit."""
        if failure in ("503", "422"):
            code = "transient" if failure == "503" else "business-rule"
            self._reply(int(failure), _outcome(code, f"told to answer {failure}"))
        elif failure == "drop":
            self.close_connection = True
        elif failure == "slow":
            time.sleep(self.fake.slow_seconds)
            self._reply(503, _outcome("timeout", "too slow"))
        else:
            return False
        return True

    def _token(self, raw: bytes) -> None:
        import base64  # noqa: PLC0415 - only the token endpoint needs it

        fake = self.fake
        expected = base64.b64encode(f"{fake.client_id}:{fake.client_secret}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}" or b"grant_type=client_credentials" not in raw:
            self._reply(401, {"error": "invalid_client"}, "application/json")
            return
        token = uuid.uuid4().hex
        with fake.lock:
            fake.token_requests += 1
            fake.tokens.add(token)
        self._reply(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": fake.token_lifetime},
            "application/json",
        )
