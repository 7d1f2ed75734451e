"""A fresh, migrated database for every test, quickly.

SQLite: migrate once into a template file, copy it per test. PostgreSQL (when
TEST_DATABASE_URL is set): migrate once per run, truncate every table per test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import Engine, text

from patient_app import migrate
from patient_app.db import make_engine

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def using_postgres() -> bool:
    return bool(POSTGRES_URL)


def prepare_template(folder: Path) -> str:
    """Run the migrations once; return the URL tests copy from (SQLite) or share (PostgreSQL)."""
    if using_postgres():
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(engine)
        engine.dispose()
        return POSTGRES_URL
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
