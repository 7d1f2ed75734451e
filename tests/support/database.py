"""A fresh, migrated database for every test, quickly.

SQLite: migrate once into a template file, copy it per test. PostgreSQL (when
TEST_DATABASE_URL is set): migrate once per run, truncate every table per test.
Parallel runs (pytest-xdist) give each worker its own PostgreSQL database on
the same server (`test_gw0`, `test_gw1`, ...); SQLite files are per test anyway.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, make_url, text

from patient_app import migrate
from patient_app.db import make_engine

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def using_postgres() -> bool:
    return bool(POSTGRES_URL)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def _as_admin(*statements: str) -> None:
    """Run statements on the test server outside a transaction (CREATE/DROP DATABASE need that)."""
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    admin.dispose()


def create_postgres_database(name: str) -> str:
    """The URL of a new, empty database `name` on the test server (dropped first if it is there)."""
    _as_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    _as_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_postgres_database(purpose: str) -> Iterator[str]:
    """A database of its own for a test that must start from nothing (dropped afterwards)."""
    name = "_".join(part for part in (make_url(POSTGRES_URL).database, purpose, _worker()) if part)
    url = create_postgres_database(name)
    try:
        yield url
    finally:
        drop_postgres_database(name)


def _postgres_url_for_this_worker() -> str:
    worker = _worker()
    if not worker:
        return POSTGRES_URL
    return create_postgres_database(f"{make_url(POSTGRES_URL).database}_{worker}")


def prepare_template(folder: Path) -> str:
    """Run the migrations once; return the URL tests copy from (SQLite) or share (PostgreSQL)."""
    if using_postgres():
        url = _postgres_url_for_this_worker()
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(engine)
        engine.dispose()
        return url
    template = folder / "template.db"
    engine = make_engine(f"sqlite:///{template}")
    migrate.upgrade(engine)
    engine.dispose()
    return f"sqlite:///{template}"


def fresh_database(template_url: str, folder: Path) -> str:
    if using_postgres():
        engine = make_engine(template_url)
        truncate_all(engine)
        engine.dispose()
        return template_url
    source = Path(template_url.removeprefix("sqlite:///"))
    target = folder / "app.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def truncate_all(engine: Engine) -> None:
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'")
        ).scalars()
        names = ", ".join(f'"{name}"' for name in tables)
        if names:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
