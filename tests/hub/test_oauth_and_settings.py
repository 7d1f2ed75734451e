"""The hub's bearer token (client credentials, cached until expiry) and the hub settings' guard rails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from patient_app.hub import transports
from patient_app.hub.oauth import TokenSource, TokenUnavailable
from patient_app.hub.transports import FhirTransport, Outgoing, TryAgain
from patient_app.settings import DEV_HUB_EVENTS_SECRET, Settings, SettingsError
from tests.fakes.fhir_hub import FakeHub
from tests.support.hub import small_bundle

STRONG = "x" * 40
CLIENT_SECRET = "s3cret"


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub(client_id="msk-app", client_secret=CLIENT_SECRET, token_lifetime=3600) as fake:
        yield fake


def _tokens(hub: FakeHub, *, secret: str = CLIENT_SECRET, clock: list[float] | None = None) -> TokenSource:
    now = clock or [0.0]
    return TokenSource(
        token_url=hub.token_url,
        client_id="msk-app",
        client_secret=secret,
        timeout=(0.3, 0.5),
        monotonic=lambda: now[0],
    )


def _event(key: str) -> Outgoing:
    return Outgoing(id=key, event_type="message.sent", bundle=small_bundle(key))


def test_the_token_is_fetched_once_and_kept_until_shortly_before_it_expires(hub: FakeHub) -> None:
    clock = [0.0]
    transport = FhirTransport(base_url=hub.base_url, tokens=_tokens(hub, clock=clock), timeout=(0.3, 0.5))
    for n in range(3):
        transport.send(_event(f"a{n}"))
    assert hub.token_requests == 1
    assert hub.requests[0].headers["Authorization"].startswith("Bearer ")
    clock[0] = 3600 - 29  # inside the 30-second margin: time for a new one
    transport.send(_event("b"))
    assert hub.token_requests == 2


def test_a_revoked_token_is_replaced_once(hub: FakeHub) -> None:
    transport = FhirTransport(base_url=hub.base_url, tokens=_tokens(hub), timeout=(0.3, 0.5))
    transport.send(_event("a"))
    hub.tokens.clear()  # the hub forgot every token it issued
    transport.send(_event("b"))
    assert hub.token_requests == 2
    assert len(hub.stored("Communication")) == 2


def test_refused_credentials_mean_try_again_not_a_parked_event(hub: FakeHub) -> None:
    tokens = _tokens(hub, secret="wrong")
    with pytest.raises(TokenUnavailable, match="HTTP 401"):
        tokens.token()
    transport = FhirTransport(base_url=hub.base_url, tokens=tokens, timeout=(0.3, 0.5))
    with pytest.raises(TryAgain):
        transport.send(_event("a"))
    assert hub.stored("Communication") == []


def test_without_a_token_url_no_authorization_header_is_sent() -> None:
    tokens = TokenSource(token_url="", client_id="", client_secret="", timeout=(1, 1))
    assert tokens.header() == {}


def test_the_transport_is_chosen_by_setting() -> None:
    assert isinstance(transports.from_settings(Settings(hub_transport="file")), transports.FileTransport)
    fhir = transports.from_settings(Settings(hub_transport="fhir", hub_fhir_base_url="http://127.0.0.1:9/fhir"))
    assert isinstance(fhir, transports.FhirTransport)
    assert set(transports.TRANSPORTS) == {"file", "fhir"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"hub_transport": "mesh"}, "HUB_TRANSPORT"),
        ({"hub_transport": "fhir"}, "HUB_FHIR_BASE_URL"),
        ({"hub_lease_seconds": 20}, "HUB_LEASE_SECONDS"),
        ({"hub_send_concurrency": 0}, "HUB_SEND_CONCURRENCY"),
        ({"env": "production", "secret_key": STRONG}, "HUB_EVENTS_SECRET"),
        ({"env": "production", "secret_key": STRONG, "hub_events_secret": DEV_HUB_EVENTS_SECRET}, "HUB_EVENTS_SECRET"),
        ({"env": "production", "secret_key": STRONG, "hub_events_secret": "short"}, "HUB_EVENTS_SECRET"),
    ],
)
def test_unsafe_hub_settings_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(**values).validate()  # type: ignore[arg-type]


def test_production_accepts_a_real_events_secret() -> None:
    Settings(env="production", secret_key=STRONG, hub_events_secret="y" * 40).validate()
