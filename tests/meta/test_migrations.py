"""Migrations and models agree, on SQLite and (in CI) PostgreSQL, and run both ways."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import patient_app.models  # noqa: F401 - every table on the metadata
from patient_app import migrate
from patient_app.db import make_engine
from tests.support.database import scratch_postgres_database, using_postgres


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


@pytest.mark.database
def test_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    # A database of its own: the suite's shared one must stay migrated.
    with contextlib.ExitStack() as stack:
        if using_postgres():
            url = stack.enter_context(scratch_postgres_database("roundtrip"))
        else:
            url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
        engine = make_engine(url)
        stack.callback(engine.dispose)
        migrate.upgrade(engine)
        assert len(inspect(engine).get_table_names()) > 10
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        heads = set(ScriptDirectory.from_config(migrate.alembic_config(engine)).get_heads())
        assert migrate.current_heads(engine) == heads
