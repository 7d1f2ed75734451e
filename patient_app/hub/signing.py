"""Signatures on events from the hub: HMAC-SHA256 of `<timestamp>.<raw body>`.

The timestamp is inside what is signed, so an old request cannot be replayed
with a fresh timestamp; requests more than five minutes from our clock are
refused, and the event id catches a repeat inside those five minutes.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Hub-Timestamp"
SIGNATURE_HEADER = "X-Hub-Signature"
PREFIX = "sha256="
WINDOW_SECONDS = 300


class BadSignature(Exception):
    pass


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    stamp = str(timestamp)
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(secret, stamp, body)}


def verify(*, secret: str, timestamp: str | None, given: str | None, body: bytes, now: float) -> None:
    """Raise BadSignature unless the request is signed with our secret within the window."""
    if not timestamp or not given:
        raise BadSignature("missing signature headers")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise BadSignature("timestamp must be Unix seconds")
    # Check the signature before the time, so a forger learns nothing about our clock.
    if not hmac.compare_digest(signature(secret, timestamp, body).encode(), given.strip().encode()):
        raise BadSignature("signature does not match")
    if abs(now - int(timestamp)) > WINDOW_SECONDS:
        raise BadSignature("timestamp is more than 5 minutes from our clock")
