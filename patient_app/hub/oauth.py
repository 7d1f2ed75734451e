"""A bearer token for the hub, from its token endpoint (OAuth2 client credentials).

The token is kept until shortly before it expires, so a busy worker asks for
one now and then rather than once per bundle. No token URL means the hub wants
no Authorization header at all (a hub on a private network, or the fake one).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests

# Ask for a new token this long before the old one runs out, so a slow
# request never arrives at the hub with a token that expired on the way.
EXPIRY_MARGIN_SECONDS = 30
DEFAULT_LIFETIME_SECONDS = 300


class TokenUnavailable(Exception):
    """The token endpoint could not give us a token (down, or our credentials refused)."""


class TokenSource:
    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        timeout: tuple[float, float],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self._monotonic = monotonic
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.http = requests.Session()

    @property
    def configured(self) -> bool:
        return bool(self.token_url)

    def header(self) -> dict[str, str]:
        if not self.configured:
            return {}
        return {"Authorization": f"Bearer {self.token()}"}

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._monotonic() >= self._expires_at:
                self._token, lifetime = self._fetch()
                self._expires_at = self._monotonic() + max(lifetime - EXPIRY_MARGIN_SECONDS, 0)
            return self._token

    def forget(self) -> None:
        with self._lock:
            self._token = None

    def _fetch(self) -> tuple[str, float]:
        try:
            response = self.http.post(
                self.token_url,
                data={"grant_type": "client_credentials"},
                auth=(self.client_id, self.client_secret),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise TokenUnavailable(f"token endpoint unreachable: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise TokenUnavailable(f"token endpoint answered HTTP {response.status_code}: {response.text[:300]}")
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in", DEFAULT_LIFETIME_SECONDS))
        except (ValueError, KeyError, TypeError) as exc:
            raise TokenUnavailable("token endpoint gave no access_token") from exc
        return token, lifetime
