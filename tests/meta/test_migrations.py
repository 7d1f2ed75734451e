"""Migrations and models agree, on SQLite and (in CI) PostgreSQL, and run both ways."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import text
from sqlmodel import SQLModel

import patient_app.models  # noqa: F401 - every table on the metadata
from patient_app import migrate
from patient_app.db import make_engine
from tests.support.database import using_postgres


def test_one_head_only() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config(make_engine("sqlite://"))).get_heads()
    assert len(heads) == 1, f"migrations have branched: {heads}"


def test_migrated_schema_matches_the_models(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_audit_rows_cannot_be_changed_in_the_database(app: Flask, patient) -> None:  # type: ignore[no-untyped-def]
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one() > 0
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        refused = None
        with engine.connect() as connection:
            try:
                connection.execute(text(statement))
            except Exception as exc:  # noqa: BLE001 - either backend's error type
                refused = str(exc)
            connection.rollback()
        assert refused is not None, f"{statement} was allowed"
        assert "append-only" in refused


def test_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    if using_postgres():
        return  # the shared PostgreSQL database is reset by the suite itself
    engine = make_engine(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars().all()
    assert set(tables) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_heads(engine) == set(ScriptDirectory.from_config(migrate.alembic_config(engine)).get_heads())
