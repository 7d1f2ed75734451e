"""Fixtures shared by every test: settings, a migrated database, the app, clients, people."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlmodel import Session

from patient_app import clock, create_app
from patient_app.access import Role
from patient_app.accounts import passwords
from patient_app.extensions import limiter
from patient_app.models import Patient
from patient_app.settings import Settings
from tests.support import clocks, database
from tests.support.factories import PATIENT_PASSWORD, StaffLogin, make_patient, make_staff
from tests.support.pages import PageClient

pytest_plugins = ["tests.support.template_coverage"]

# An address that refuses connections: a test that forgot its fake fails loudly.
NOWHERE = "http://127.0.0.1:9"


# Production argon2 costs about a third of a second a hash; the suite hashes
# thousands of times, so it uses a cheap setting (still argon2id, same code).
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("TEST_CLOCK") or clocks.DEFAULT,
        help=f"pin every test's clock here: one of {', '.join(clocks.INSTANTS)} or an ISO instant with an offset",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "wall_clock: checks code the app does not own (a library, another process) that reads the machine's clock",
    )
    clocks.instant(config.getoption("--clock"))  # a bad --clock stops the run before any test


def _pinned_at(config: pytest.Config) -> str:
    name = config.getoption("--clock")
    return f"clock pinned at {clocks.instant(name).isoformat()} ({name})"


def pytest_report_header(config: pytest.Config) -> str:
    return _pinned_at(config)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    # Again at the end, where `-q` (which hides the headers) still shows them.
    terminalreporter.write_line(_pinned_at(config))
    if config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"shuffled with --randomly-seed={config.getoption('randomly_seed')}")


@pytest.fixture(autouse=True)
def pinned_clock(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """Every test starts with the project clock pinned (see tests/support/clocks.py).

    Each reading is a microsecond after the last, so two things done one after
    the other are never at the same instant, yet a whole test stays within
    the same second of the instant it was pinned at. A test that needs an exact
    instant pins its own with `clock.freeze(...)` (no step).
    """
    if request.node.get_closest_marker("wall_clock"):
        clock.freeze(None)
        yield clock.now()
        return
    moment = clocks.instant(request.config.getoption("--clock"))
    clock.freeze(moment, step=clocks.STEP)
    yield moment
    clock.freeze(None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test that builds the app talks to the database, so it runs again on
    # PostgreSQL in CI (`-m database`); browser tests run once, on SQLite.
    for item in items:
        if "app" in getattr(item, "fixturenames", ()) and "tests/browser/" not in str(item.fspath):
            item.add_marker(pytest.mark.database)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return database.prepare_template(tmp_path_factory.mktemp("template"))


def make_settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "secret_key": "test-secret-key-that-is-long-enough-for-tests",
        "instance_path": tmp_path / "instance",
        "database_url": database_url,
        "hub_fhir_base_url": NOWHERE,
        "hub_token_url": "",
        "hub_events_secret": "test-hub-events-secret-0123456789abcdef",
        "licensed_strings_path": str(Path(__file__).parent / "fixtures" / "licensed-strings.yaml"),
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path, template_database: str) -> Settings:
    return make_settings(tmp_path, database.fresh_database(template_database, tmp_path))


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    # No app context is held open: each request gets its own, as in production,
    # so nothing (the nonce, the database session) leaks from one request to the next.
    application = create_app(settings)
    limiter.reset()
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


@pytest.fixture
def client(app: Flask) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def other_client(app: Flask) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def patient(db: Session) -> Patient:
    return make_patient(db)


@pytest.fixture
def other_patient(db: Session) -> Patient:
    return make_patient(db, given_name="Robin")


@pytest.fixture
def navigator(db: Session) -> StaffLogin:
    return make_staff(db, Role.NAVIGATOR, name="Nina Navigator")


@pytest.fixture
def clinician(db: Session) -> StaffLogin:
    return make_staff(db, Role.CLINICIAN, name="Chris Clinician")


@pytest.fixture
def admin(db: Session) -> StaffLogin:
    return make_staff(db, Role.ADMIN, name="Ada Admin")


def sign_in_patient(client: PageClient, patient: Patient, password: str = PATIENT_PASSWORD) -> None:
    response = client.post("/sign-in", {"email": patient.email, "password": password})
    assert response.status_code == 302, "patient sign-in failed"


def sign_in_staff(client: PageClient, staff: StaffLogin) -> None:
    response = client.post("/staff/sign-in", {"email": staff.record.email, "password": staff.password})
    assert response.status_code == 302, "staff password step failed"
    response = client.post("/staff/two-factor", {"code": staff.code()})
    assert response.status_code == 302, f"staff code step failed: {response.status_code}"


@pytest.fixture
def patient_client(client: PageClient, patient: Patient) -> PageClient:
    sign_in_patient(client, patient)
    return client
