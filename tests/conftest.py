"""Fixtures shared by every test: settings, a migrated database, the app, clients, people."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask, template_rendered
from sqlmodel import Session

from patient_app import clock, create_app
from patient_app.access import Role
from patient_app.accounts import passwords
from patient_app.extensions import limiter
from patient_app.models import Patient
from patient_app.settings import Settings
from tests.support import database
from tests.support.factories import PATIENT_PASSWORD, StaffLogin, make_patient, make_staff
from tests.support.pages import PageClient

# An address that refuses connections: a test that forgot its fake fails loudly.
NOWHERE = "http://127.0.0.1:9"


# Production argon2 costs about a third of a second a hash; the suite hashes
# thousands of times, so it uses a cheap setting (still argon2id, same code).
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

RENDERED_TEMPLATES: set[str] = set()


def _record_template(sender: object, template: Any, context: object, **extra: object) -> None:
    RENDERED_TEMPLATES.add(template.name)


template_rendered.connect(_record_template, weak=False)


def page_templates() -> set[str]:
    """Every template that is a page (it extends a layout), not a layout or a fragment."""
    root = Path(__file__).resolve().parents[1] / "templates"
    found = set()
    for path in root.rglob("*.jinja"):
        name = path.relative_to(root).as_posix()
        if name.startswith(("layouts/", "components/")) or path.name.startswith("_"):
            continue
        if "{% extends" in path.read_text(encoding="utf-8"):
            found.add(name)
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Meta-test: a full run of the suite renders every page template at least once."""
    options = session.config.option
    whole_suite = (
        not options.keyword
        and not options.markexpr
        and not options.lf
        and session.config.args in ([], ["tests"], [str(Path(__file__).parent)])
    )
    if not whole_suite or exitstatus != 0 or session.testsfailed:
        return
    missing = sorted(page_templates() - RENDERED_TEMPLATES)
    if missing:
        print("\nThese page templates were never rendered by any test:\n  " + "\n  ".join(missing))
        session.exitstatus = 1


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
    clock.freeze(None)
    yield application
    application.extensions["db_engine"].dispose()
    clock.freeze(None)


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
